import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../../db/client";
import { orders, shipments } from "../../../db/schema";
import { NotFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { codeText } from "../fields";
import { parseInput } from "../input";
import { getOrderDetail, orderIdByNumber } from "./queries";
import { orderScope } from "./scope";

export const trackShipmentInput = z
  .object({
    /** The carrier's tracking number, as on the label or the shipment e-mail. */
    trackingNumber: codeText.optional(),
    /** Or the order's number: all its shipments. */
    orderNumber: codeText.optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.trackingNumber === undefined) === (input.orderNumber === undefined)) {
      ctx.addIssue({ code: "custom", path: ["trackingNumber"], message: "give a tracking number or an order number (one of them)" });
    }
  })
  // The same rule in the JSON Schema that API clients and agents read.
  .meta({ oneOf: [{ required: ["trackingNumber"] }, { required: ["orderNumber"] }] });
export type TrackShipmentInput = z.input<typeof trackShipmentInput>;

/**
 * Where an order's shipments are: carrier, tracking link, status, estimate and proof of delivery.
 * Found by tracking number or order number, within what the actor may see: another account's
 * or workspace's tracking number reads exactly like one that does not exist.
 */
export async function trackShipment(db: DbOrTx, actor: Actor, raw: TrackShipmentInput) {
  assertCan(actor.role, "order.read");
  const input = parseInput(trackShipmentInput, raw);
  let orderId: string;
  if (input.trackingNumber !== undefined) {
    const [found] = await db
      .select({ orderId: shipments.orderId })
      .from(shipments)
      .innerJoin(orders, eq(orders.id, shipments.orderId))
      .where(and(eq(shipments.trackingNumber, input.trackingNumber), orderScope(actor)))
      .orderBy(asc(shipments.dispatchedAt))
      .limit(1);
    if (!found) throw new NotFound("Shipment", input.trackingNumber);
    orderId = found.orderId;
  } else {
    orderId = await orderIdByNumber(db, actor, input.orderNumber!);
  }
  const order = await getOrderDetail(db, actor, orderId);
  return {
    orderId: order.id,
    orderNumber: order.number,
    orderStatus: order.status,
    shipments: input.trackingNumber === undefined ? order.shipments : order.shipments.filter((s) => s.trackingNumber === input.trackingNumber),
  };
}
