import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { orderLines, reservations } from "../../../db/schema";
import type { LoopEventInput } from "../events";
import { adjustReserved, lockPositionsInOrder, sumBy } from "../positions";
import type { OrderRow } from "./scope";

/**
 * Gives every active reservation of the order back to its position and clears the lines'
 * allocation and backorder. Used by release and by cancel, so neither can forget stock.
 * Returns the units released and the event for the caller's transition to write.
 */
export async function releaseOrderReservations(tx: Tx, order: OrderRow): Promise<{ released: number; events: LoopEventInput[] }> {
  const active = await tx
    .select({ positionId: reservations.positionId, quantity: reservations.quantity })
    .from(reservations)
    .where(and(eq(reservations.orderId, order.id), eq(reservations.status, "ACTIVE")));

  await tx.update(orderLines).set({ allocatedQty: 0, backorderedQty: 0 }).where(eq(orderLines.orderId, order.id));
  if (active.length === 0) return { released: 0, events: [] };

  const perPosition = sumBy(active, (r) => r.positionId, (r) => -r.quantity);
  await lockPositionsInOrder(tx, [...perPosition.keys()]);
  await adjustReserved(tx, perPosition);
  await tx
    .update(reservations)
    .set({ status: "RELEASED", closedAt: sql`now()` })
    .where(and(eq(reservations.orderId, order.id), eq(reservations.status, "ACTIVE")));

  const released = active.reduce((n, r) => n + r.quantity, 0);
  const event: LoopEventInput = {
    type: "scm.inventory.released",
    subjectType: "order",
    subjectId: order.id,
    payload: { number: order.number, quantity: released, positions: [...perPosition].map(([positionId, q]) => ({ positionId, quantity: -q })) },
  };
  return { released, events: [event] };
}
