import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Database, type DbOrTx } from "../../../db/client";
import { loopEvents, webhookAttempts, webhookDeliveries } from "../../../db/schema";
import { BadInput, NotFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { recordAdminChange } from "../admin/adminChange";
import { instant, wholeNumber } from "../fields";
import { parseInput } from "../input";
import { assertEndpointInWorkspace, webhookEndpointRef } from "./endpoints";
import { subscribed } from "./subscription";

/** Attempts the log shows per delivery (the latest). */
export const MAX_ATTEMPTS_SHOWN = 20;

/** Events one replay may put back in the queue: more is a sign the time was mistyped. */
export const MAX_REPLAY = 10_000;

export const listWebhookDeliveriesInput = webhookEndpointRef.extend({
  status: z.enum(["PENDING", "SUCCEEDED", "FAILED"]).optional(),
  /**
   * The last delivery of the previous page: the log goes on after it. An id, not its `createdAt`:
   * one dispatch writes many deliveries at the same instant, and a time read back in milliseconds
   * is not the microseconds stored, so a time would skip rows at a page's edge.
   */
  before: z.uuid("must be the id of the last delivery of the previous page").optional(),
  limit: wholeNumber(1, 100).default(50),
});

/** An endpoint's delivery log, newest first: each delivery with its event and every attempt. */
export async function listWebhookDeliveries(db: DbOrTx, actor: Actor, raw: z.input<typeof listWebhookDeliveriesInput>) {
  assertCan(actor.role, "admin.manage");
  const input = parseInput(listWebhookDeliveriesInput, raw);
  await assertEndpointInWorkspace(db, actor, input.endpointId);
  if (input.before) await assertDeliveryOfEndpoint(db, input.endpointId, input.before);
  const deliveries = await db
    .select({
      id: webhookDeliveries.id,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      lastStatusCode: webhookDeliveries.lastStatusCode,
      createdAt: webhookDeliveries.createdAt,
      completedAt: webhookDeliveries.completedAt,
      event: { id: loopEvents.id, type: loopEvents.type, occurredAt: loopEvents.occurredAt, subjectType: loopEvents.subjectType, number: sql<string | null>`${loopEvents.payload} ->> 'number'` },
    })
    .from(webhookDeliveries)
    .innerJoin(loopEvents, eq(loopEvents.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.endpointId, input.endpointId),
        input.status ? eq(webhookDeliveries.status, input.status) : undefined,
        // The page's order, compared in SQL against the anchor's own stored values.
        input.before
          ? sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.eventSeq}) < (select a.created_at, a.event_seq from webhook_deliveries a where a.id = ${input.before})`
          : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.eventSeq))
    .limit(input.limit);
  const attempts = deliveries.length
    ? await db
        .select({ deliveryId: webhookAttempts.deliveryId, attemptedAt: webhookAttempts.attemptedAt, statusCode: webhookAttempts.statusCode, durationMs: webhookAttempts.durationMs, response: webhookAttempts.response })
        .from(webhookAttempts)
        .where(inArray(webhookAttempts.deliveryId, deliveries.map((d) => d.id)))
        .orderBy(asc(webhookAttempts.attemptedAt))
    : [];
  // The latest attempts of each: resends can add any number.
  return deliveries.map((d) => ({ ...d, attemptLog: attempts.filter((a) => a.deliveryId === d.id).slice(-MAX_ATTEMPTS_SHOWN).map(({ deliveryId: _d, ...a }) => a) }));
}

async function assertDeliveryOfEndpoint(db: DbOrTx, endpointId: string, deliveryId: string): Promise<void> {
  const [anchor] = await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)));
  if (!anchor) throw BadInput.field("before", "is not a delivery of this endpoint");
}

export const resendWebhookDeliveryInput = z.object({ deliveryId: z.uuid("must be a webhook delivery id") });

/** Sends one delivery again now, whatever became of it: the consumer lost it, or the endpoint is fixed. */
export async function resendWebhookDelivery(db: Database, actor: Actor, raw: z.input<typeof resendWebhookDeliveryInput>) {
  assertCan(actor.role, "admin.manage");
  const { deliveryId } = parseInput(resendWebhookDeliveryInput, raw);
  return db.transaction(async (tx) => {
    const [delivery] = await tx
      .update(webhookDeliveries)
      // One more attempt now (attempts keep counting: past the schedule's last, a failure stays
      // failed). An attempt in flight keeps its lease: the worker takes it again after that.
      .set({ status: "PENDING", nextAttemptAt: sql`now()`, completedAt: null })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.workspaceId, actor.workspaceId)))
      .returning({ id: webhookDeliveries.id, endpointId: webhookDeliveries.endpointId, eventId: webhookDeliveries.eventId, status: webhookDeliveries.status });
    if (!delivery) throw new NotFound("Webhook delivery", deliveryId);
    await recordAdminChange(tx, actor, "webhook_endpoint", delivery.endpointId, "delivery_resent", { deliveryId, eventId: delivery.eventId });
    return delivery;
  });
}

export const replayWebhookEventsInput = webhookEndpointRef.extend({ since: instant });

/**
 * Queues again every event since `since` that the endpoint subscribes to: those it was sent
 * and those from before it existed or while it was disabled. Consumers deduplicate by event id.
 */
export async function replayWebhookEvents(db: Database, actor: Actor, raw: z.input<typeof replayWebhookEventsInput>) {
  assertCan(actor.role, "admin.manage");
  const input = parseInput(replayWebhookEventsInput, raw);
  if (input.since > new Date()) throw BadInput.field("since", "must not be in the future");
  return db.transaction(async (tx) => {
    await assertEndpointInWorkspace(tx, actor, input.endpointId);
    const matching = sql`
      from loop_events e join webhook_endpoints w on w.id = ${input.endpointId} and w.workspace_id = e.workspace_id
      where e.workspace_id = ${actor.workspaceId} and e.occurred_at >= ${input.since.toISOString()}::timestamptz
        and ${subscribed}`;
    const [{ events }] = (await queryRows<{ events: number }>(tx, sql`select count(*)::int as events ${matching}`)) as [{ events: number }];
    if (events > MAX_REPLAY) throw BadInput.field("since", `${events.toLocaleString("en-US")} events happened since then; replay at most ${MAX_REPLAY.toLocaleString("en-US")} at once (pick a later time)`);
    await tx.execute(sql`
      insert into webhook_deliveries (workspace_id, endpoint_id, event_id, subject_id, event_seq)
      select e.workspace_id, w.id, e.id, e.subject_id, e.seq ${matching}
      on conflict (endpoint_id, event_id) do update
        set status = 'PENDING', next_attempt_at = now(), completed_at = null`);
    await recordAdminChange(tx, actor, "webhook_endpoint", input.endpointId, "replayed", { since: input.since, events });
    return { events };
  });
}
