import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { orders } from "../../../db/schema";
import { ORDER_MILESTONE, ORDER_TRANSITIONS, orderEventType, type OrderState } from "../../domain/orderLoop";
import { assertTransition } from "../../domain/stateMachine";
import type { Actor } from "../actor";
import { recordEvents, type LoopEventInput } from "../events";
import type { OrderRow } from "./scope";

export function assertOrderTransition(order: OrderRow, to: OrderState): void {
  assertTransition(ORDER_TRANSITIONS, `Order ${order.number}`, order.status, to);
}

interface TransitionOptions {
  payload?: Record<string, unknown>;
  changes?: Partial<Pick<OrderRow, "cancelReason">>;
  /** The command's other events (stock reserved, fulfillment opened…), written in the same insert. */
  events?: LoopEventInput[];
}

/**
 * The one way an order changes state: guarded by the transition table and by the version it was
 * read at, bumps the version, stamps the milestone and writes the loop events.
 */
export async function transitionOrder(tx: Tx, actor: Actor, order: OrderRow, to: OrderState, options: TransitionOptions = {}): Promise<OrderRow> {
  assertOrderTransition(order, to);
  const milestone = ORDER_MILESTONE[to];
  const [updated] = await tx
    .update(orders)
    .set({ ...options.changes, status: to, version: sql`${orders.version} + 1`, ...(milestone ? { [milestone]: sql`now()` } : {}) })
    .where(and(eq(orders.id, order.id), eq(orders.status, order.status), eq(orders.version, order.version)))
    .returning();
  // The row is locked by lockOrder, so the guard cannot miss; if it ever does, fail loudly.
  if (!updated) throw new Error(`order ${order.id} changed under its lock`);
  await recordEvents(tx, actor, [
    ...(options.events ?? []),
    { type: orderEventType(order.status, to), subjectType: "order", subjectId: order.id, fromState: order.status, toState: to, payload: { number: order.number, ...options.payload } },
  ]);
  return updated;
}

/**
 * A change to an order that keeps its state (a backorder allocated, say): still versioned, so
 * a stale command elsewhere gets a conflict, and still on the timeline.
 */
export async function recordOrderChange(tx: Tx, actor: Actor, order: OrderRow, type: string, payload: Record<string, unknown>, events: LoopEventInput[] = []): Promise<OrderRow> {
  const [updated] = await tx
    .update(orders)
    .set({ version: sql`${orders.version} + 1` })
    .where(and(eq(orders.id, order.id), eq(orders.version, order.version)))
    .returning();
  if (!updated) throw new Error(`order ${order.id} changed under its lock`);
  await recordEvents(tx, actor, [...events, { type, subjectType: "order", subjectId: order.id, payload: { number: order.number, ...payload } }]);
  return updated;
}
