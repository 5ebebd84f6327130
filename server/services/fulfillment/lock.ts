import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { fulfillments } from "../../../db/schema";
import { NotFound, VersionConflict, WrongState } from "../../domain/errors";
import { FULFILLMENT_EVENT_ON_ENTER, FULFILLMENT_MILESTONE, FULFILLMENT_TRANSITIONS, type FulfillmentState } from "../../domain/fulfillmentLoop";
import { assertTransition } from "../../domain/stateMachine";
import type { Actor } from "../actor";
import { recordEvents, type LoopEventInput } from "../events";
import { lockOrder, type OrderRow } from "../orders/scope";
import { version } from "../fields";

export type FulfillmentRow = typeof fulfillments.$inferSelect;

/**
 * Every command on a fulfillment names it, and the version the caller last saw: a stale one is a
 * conflict. The floor screens always send it; an API client may leave it out to act on the
 * current version (as with orders).
 */
export const fulfillmentRef = z.object({
  fulfillmentId: z.uuid("must be a fulfillment id"),
  version: version.optional(),
});

/**
 * Locks the fulfillment's order, then the fulfillment: the same order as order commands
 * (order → fulfillment → positions), so the two kinds of command never deadlock. `version` is
 * what the operator saw; null for carrier events, which report facts rather than decisions, and
 * absent when an API client acts on the current version.
 */
export async function lockFulfillment(tx: Tx, actor: Actor, fulfillmentId: string, version: number | null | undefined): Promise<{ order: OrderRow; fulfillment: FulfillmentRow }> {
  const [ref] = await tx
    .select({ orderId: fulfillments.orderId })
    .from(fulfillments)
    .where(and(eq(fulfillments.id, fulfillmentId), eq(fulfillments.workspaceId, actor.workspaceId)));
  if (!ref) throw new NotFound("Fulfillment", fulfillmentId);
  const order = await lockOrder(tx, actor, ref.orderId);
  const [fulfillment] = await tx.select().from(fulfillments).where(eq(fulfillments.id, fulfillmentId)).for("update");
  if (version != null && fulfillment!.version !== version) {
    throw new VersionConflict(`Fulfillment ${fulfillment!.number}`, version, fulfillment!.version, fulfillment!.status);
  }
  return { order, fulfillment: fulfillment! };
}

export function assertFulfillmentIn(f: FulfillmentRow, states: readonly FulfillmentState[], action: string): void {
  if (!states.includes(f.status)) throw new WrongState(`Fulfillment ${f.number}`, f.status, action, states);
}

/** The one way a fulfillment changes state: table-guarded, versioned, milestone stamped, event written. */
export async function transitionFulfillment(
  tx: Tx,
  actor: Actor,
  f: FulfillmentRow,
  to: FulfillmentState,
  options: { payload?: Record<string, unknown>; events?: LoopEventInput[] } = {},
): Promise<FulfillmentRow> {
  const [updated] = await transitionFulfillments(tx, actor, [f], to, options);
  return updated!;
}

/**
 * The same for a whole wave in two statements (one update, one event insert), for rows the
 * caller has locked: a 500-order pick list must not cost 1,000 round trips.
 */
export async function transitionFulfillments(
  tx: Tx,
  actor: Actor,
  rows: FulfillmentRow[],
  to: FulfillmentState,
  options: { payload?: Record<string, unknown>; events?: LoopEventInput[] } = {},
): Promise<FulfillmentRow[]> {
  if (rows.length === 0) return [];
  for (const f of rows) assertTransition(FULFILLMENT_TRANSITIONS, `Fulfillment ${f.number}`, f.status, to);
  const milestone = FULFILLMENT_MILESTONE[to];
  const updated = await tx
    .update(fulfillments)
    .set({ status: to, version: sql`${fulfillments.version} + 1`, ...(milestone ? { [milestone]: sql`now()` } : {}) })
    .where(inArray(fulfillments.id, rows.map((f) => f.id)))
    .returning();
  // The rows are locked by the caller, so every one must have been updated.
  if (updated.length !== rows.length) throw new Error("fulfillments changed under their locks");
  await recordEvents(tx, actor, [
    ...(options.events ?? []),
    ...rows.map((f) => ({
      type: FULFILLMENT_EVENT_ON_ENTER[to],
      subjectType: "fulfillment" as const,
      subjectId: f.id,
      fromState: f.status,
      toState: to,
      payload: { number: f.number, orderId: f.orderId, ...options.payload },
    })),
  ]);
  return rows.map((f) => updated.find((u) => u.id === f.id)!);
}
