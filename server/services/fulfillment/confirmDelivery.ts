import { and, eq, notInArray } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { fulfillments, shipments } from "../../../db/schema";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { transitionOrder } from "../orders/transition";
import { assertFulfillmentIn, fulfillmentRef, lockFulfillment, transitionFulfillment } from "./lock";

export const confirmDeliveryInput = fulfillmentRef.extend({
  signer: z.string().trim().min(1, "is required").max(200),
  deliveredAt: z.coerce.date().optional(),
  note: z.string().trim().max(1000).optional(),
});
export type ConfirmDeliveryInput = z.input<typeof confirmDeliveryInput>;

/**
 * SHIPPED → DELIVERED → CLOSED for the fulfillment, with proof of delivery on its shipment and
 * the timeline. When everything the order shipped is delivered and nothing is backordered, the
 * order is DELIVERED and CLOSED too: the loop is closed.
 */
export async function confirmDelivery(db: Database, actor: Actor, raw: ConfirmDeliveryInput) {
  assertCan(actor.role, "fulfillment.deliver");
  const input = parseInput(confirmDeliveryInput, raw);
  return db.transaction(async (tx) => {
    const { order, fulfillment } = await lockFulfillment(tx, actor, input.fulfillmentId, input.version);
    assertFulfillmentIn(fulfillment, ["SHIPPED"], "confirm delivery");
    const proof = { source: "person" as const, signer: input.signer, ...(input.note ? { note: input.note } : {}) };
    const deliveredAt = input.deliveredAt ?? new Date();
    await tx.update(shipments).set({ status: "DELIVERED", deliveredAt, proof }).where(eq(shipments.fulfillmentId, fulfillment.id));

    const delivered = await transitionFulfillment(tx, actor, fulfillment, "DELIVERED", { payload: { proof, deliveredAt } });
    await transitionFulfillment(tx, actor, delivered, "CLOSED");

    const stillOpen = await tx
      .select({ id: fulfillments.id })
      .from(fulfillments)
      .where(and(eq(fulfillments.orderId, order.id), notInArray(fulfillments.status, ["CLOSED", "CANCELLED", "DELIVERED"])));
    if (order.status !== "SHIPPED" || stillOpen.length > 0) return delivered;
    const orderDelivered = await transitionOrder(tx, actor, order, "DELIVERED", { payload: { proof } });
    await transitionOrder(tx, actor, orderDelivered, "CLOSED");
    return delivered;
  });
}
