import { and, eq, notInArray } from "drizzle-orm";
import { z } from "zod";
import type { Database, Tx } from "../../../db/client";
import { fulfillments, shipments, type ProofOfDelivery } from "../../../db/schema";
import { BadInput } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import { trackingTimeIssue } from "../../domain/tracking";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import type { OrderRow } from "../orders/scope";
import { transitionOrder } from "../orders/transition";
import { assertFulfillmentIn, fulfillmentRef, lockFulfillment, transitionFulfillment, type FulfillmentRow } from "./lock";
import { instant, requiredText, text } from "../fields";
import { MAX_NAME, MAX_NOTE } from "../../domain/limits";

export const confirmDeliveryInput = fulfillmentRef.extend({
  signer: requiredText(MAX_NAME),
  deliveredAt: instant.optional(),
  note: text(MAX_NOTE).optional(),
});
export type ConfirmDeliveryInput = z.input<typeof confirmDeliveryInput>;

/** A person confirms delivery (signer, time, note): closes the fulfillment, and the order when nothing is left. */
export async function confirmDelivery(db: Database, actor: Actor, raw: ConfirmDeliveryInput) {
  assertCan(actor.role, "fulfillment.deliver");
  const input = parseInput(confirmDeliveryInput, raw);
  return db.transaction(async (tx) => {
    const { order, fulfillment } = await lockFulfillment(tx, actor, input.fulfillmentId, input.version);
    const deliveredAt = input.deliveredAt ?? new Date();
    const [shipment] = await tx.select({ dispatchedAt: shipments.dispatchedAt }).from(shipments).where(eq(shipments.fulfillmentId, fulfillment.id));
    const timeIssue = shipment && trackingTimeIssue(deliveredAt, shipment.dispatchedAt, new Date());
    if (timeIssue) throw BadInput.field("deliveredAt", timeIssue);
    const proof: ProofOfDelivery = { source: "person", signer: input.signer, ...(input.note ? { note: input.note } : {}) };
    return deliverFulfillment(tx, actor, order, fulfillment, proof, deliveredAt);
  });
}

/**
 * SHIPPED → DELIVERED → CLOSED for the fulfillment, with proof of delivery on its shipment and
 * the timeline. When everything the order shipped is delivered and nothing is backordered, the
 * order is DELIVERED and CLOSED too: the loop is closed. Shared by people and carrier webhooks.
 */
export async function deliverFulfillment(tx: Tx, actor: Actor, order: OrderRow, fulfillment: FulfillmentRow, proof: ProofOfDelivery, deliveredAt: Date) {
  assertFulfillmentIn(fulfillment, ["SHIPPED"], "confirm delivery");
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
}
