import { z } from "zod";

// Building blocks for output schemas: what the client receives, after JSON (dates as ISO strings).
// Bounded like inputs, so the documented schema says how big an answer can be.

export const outText = (max = 1_000) => z.string().max(max);
export const outId = z.uuid();
export const outTime = z.iso.datetime({ offset: true });
export const outDate = z.iso.date();
export const outInt = z.number().int();
/** A loop event's payload or another free-form record. */
export const outRecord = z.record(z.string().max(200), z.unknown());
export const outList = <T extends z.ZodType>(item: T, max = 10_000) => z.array(item).max(max);

/** A loop event on an order's or a fulfillment's timeline (server/services/events.ts `timelineEntry`). */
export const timelineEntryOutput = z.object({
  id: outId,
  type: outText(),
  subjectType: outText(),
  subjectId: outId,
  fromState: outText().nullable(),
  toState: outText().nullable(),
  actorLabel: outText(),
  payload: outRecord,
  occurredAt: outTime,
});
