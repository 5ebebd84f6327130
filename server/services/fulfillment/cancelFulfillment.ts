import { and, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { fulfillmentLines, reservations } from "../../../db/schema";
import { FULFILLMENT_TRANSITIONS } from "../../domain/fulfillmentLoop";
import { assertCan } from "../../domain/permissions";
import { assertTransition } from "../../domain/stateMachine";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { transitionOrder } from "../orders/transition";
import { fulfillmentRef, lockFulfillment, transitionFulfillment } from "./lock";
import { requiredText } from "../fields";

export const cancelFulfillmentInput = fulfillmentRef.extend({ reason: requiredText(500) });
export type CancelFulfillmentInput = z.input<typeof cancelFulfillmentInput>;

/**
 * Cancels a fulfillment before shipment: its picks are reversed (the units are back in their
 * bins, still reserved) and the reservations stay with the order, which returns to ALLOCATED.
 */
export async function cancelFulfillment(db: Database, actor: Actor, raw: CancelFulfillmentInput) {
  assertCan(actor.role, "fulfillment.cancel");
  const input = parseInput(cancelFulfillmentInput, raw);
  return db.transaction(async (tx) => {
    const { order, fulfillment } = await lockFulfillment(tx, actor, input.fulfillmentId, input.version);
    assertTransition(FULFILLMENT_TRANSITIONS, `Fulfillment ${fulfillment.number}`, fulfillment.status, "CANCELLED");
    const reversed = await tx
      .update(reservations)
      .set({ pickedQty: 0 })
      .where(and(eq(reservations.orderId, order.id), eq(reservations.status, "ACTIVE"), gt(reservations.pickedQty, 0)))
      .returning({ id: reservations.id });
    await tx.update(fulfillmentLines).set({ pickedQty: 0 }).where(eq(fulfillmentLines.fulfillmentId, fulfillment.id));
    const cancelled = await transitionFulfillment(tx, actor, fulfillment, "CANCELLED", { payload: { reason: input.reason, picksReversed: reversed.length } });
    if (order.status === "FULFILLMENT_QUEUED") {
      await transitionOrder(tx, actor, order, "ALLOCATED", { payload: { fulfillment: fulfillment.number, reason: input.reason } });
    }
    return cancelled;
  });
}
