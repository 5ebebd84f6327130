import { z } from "zod";

// A loop event as every consumer outside the app receives it: the events feed, and next the
// webhooks and MCP. Never the global seq or transaction id: both show other brands' volume.

export const loopEventView = z.object({
  id: z.uuid(),
  type: z.string(),
  occurredAt: z.date(),
  subject: z.object({
    type: z.string(),
    id: z.uuid(),
    /** The order or fulfillment number, when the event carries it. */
    number: z.string().nullable(),
  }),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  actorLabel: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
export type LoopEventView = z.infer<typeof loopEventView>;

export const loopEventPage = z.object({
  events: z.array(loopEventView),
  /** Where to read on from: pass it as `after`. Given even when nothing new arrived. */
  nextCursor: z.string(),
});
export type LoopEventPage = z.infer<typeof loopEventPage>;

export function toLoopEventView(row: {
  id: string;
  type: string;
  occurredAt: Date;
  subjectType: string;
  subjectId: string;
  fromState: string | null;
  toState: string | null;
  actorLabel: string;
  payload: Record<string, unknown>;
}): LoopEventView {
  const number = row.payload.number;
  return {
    id: row.id,
    type: row.type,
    occurredAt: row.occurredAt,
    subject: { type: row.subjectType, id: row.subjectId, number: typeof number === "string" ? number : null },
    fromState: row.fromState,
    toState: row.toState,
    actorLabel: row.actorLabel,
    payload: row.payload,
  };
}
