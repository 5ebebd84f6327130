import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { fulfillments, orders } from "../../db/schema";
import { confirmPick } from "../../server/services/fulfillment/confirmPick";
import { packFulfillment } from "../../server/services/fulfillment/packFulfillment";
import { generatePickList } from "../../server/services/fulfillment/pickList";
import { recordShipment } from "../../server/services/fulfillment/recordShipment";
import { allocateOrder } from "../../server/services/orders/allocateOrder";
import { queueForFulfillment } from "../../server/services/orders/queueForFulfillment";
import type { TestWorkspace } from "./factories";

export const BOX = { weightGrams: 1200, lengthMm: 300, widthMm: 200, heightMm: 150 };

export async function fulfillmentOf(db: Database, orderId: string) {
  const [f] = await db.select().from(fulfillments).where(eq(fulfillments.orderId, orderId));
  return f!;
}

/** An order taken through create → allocate → queue, with its fulfillment's pick list. */
export async function queuedOrder(db: Database, w: TestWorkspace, lines: Parameters<TestWorkspace["order"]>[0], extra: Parameters<TestWorkspace["order"]>[1] = {}) {
  const order = await w.order(lines, extra);
  await allocateOrder(db, w.actors.operator, { orderId: order.id, version: 1 });
  await queueForFulfillment(db, w.actors.operator, { orderId: order.id, version: 2 });
  const f = await fulfillmentOf(db, order.id);
  const pickList = await generatePickList(db, w.actors.operator, { fulfillmentIds: [f.id] });
  return { order, pickList, fulfillment: await fulfillmentOf(db, order.id) };
}

/** A fulfillment being picked, with one open pick line: ids a generated input may name. */
export async function fulfillmentBeingPicked(db: Database, w: TestWorkspace, sku: string) {
  const { pickList, fulfillment } = await queuedOrder(db, w, [{ sku, quantity: 2 }]);
  return { fulfillmentId: fulfillment.id, reservationId: pickList[0]!.reservationId };
}

/** Confirms every line of a pick list as suggested. */
export async function pickAsSuggested(db: Database, w: TestWorkspace, pickList: Awaited<ReturnType<typeof generatePickList>>) {
  for (const line of pickList) {
    const [f] = await db.select({ version: fulfillments.version }).from(fulfillments).where(eq(fulfillments.id, line.fulfillmentId));
    await confirmPick(db, w.actors.operator, { fulfillmentId: line.fulfillmentId, version: f!.version, reservationId: line.reservationId, lotCode: line.lotCode, binCode: line.binCode, quantity: line.quantity });
  }
}

/** An order all the way to SHIPPED with the given carrier and tracking number. */
export async function shippedOrder(
  db: Database,
  w: TestWorkspace,
  lines: Parameters<TestWorkspace["order"]>[0],
  shipping: { carrierCode: string; serviceCode: string; trackingNumber: string },
  extra: Parameters<TestWorkspace["order"]>[1] = {},
) {
  const order = await w.order(lines, extra);
  return { order, fulfillment: await shipOrder(db, w, order.id, shipping) };
}

/**
 * An order that already exists (one a channel sent in, say), RECEIVED or ALLOCATED, taken through
 * allocate → queue → pick → pack (one box) → ship. Returns its fulfillment as shipped.
 */
export async function shipOrder(db: Database, w: TestWorkspace, orderId: string, shipping: { carrierCode: string; serviceCode: string; trackingNumber: string }) {
  const version = async () => (await db.select({ version: orders.version }).from(orders).where(eq(orders.id, orderId)))[0]!.version;
  const [order] = await db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
  if (order!.status === "RECEIVED") await allocateOrder(db, w.actors.operator, { orderId, version: await version() });
  await queueForFulfillment(db, w.actors.operator, { orderId, version: await version() });
  const pickList = await generatePickList(db, w.actors.operator, { fulfillmentIds: [(await fulfillmentOf(db, orderId)).id] });
  await pickAsSuggested(db, w, pickList);
  let f = await fulfillmentOf(db, orderId);
  f = await packFulfillment(db, w.actors.operator, { fulfillmentId: f.id, version: f.version, packages: [BOX] });
  await recordShipment(db, w.actors.operator, { fulfillmentId: f.id, version: f.version, ...shipping });
  return fulfillmentOf(db, orderId);
}
