import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { fulfillments } from "../../db/schema";
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
  const { order, pickList } = await queuedOrder(db, w, lines, extra);
  await pickAsSuggested(db, w, pickList);
  let f = await fulfillmentOf(db, order.id);
  f = await packFulfillment(db, w.actors.operator, { fulfillmentId: f.id, version: f.version, packages: [BOX] });
  await recordShipment(db, w.actors.operator, { fulfillmentId: f.id, version: f.version, ...shipping });
  return { order, fulfillment: await fulfillmentOf(db, order.id) };
}
