import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { lots, orders, reservations } from "../../db/schema";
import { addDays, isoDateOf } from "../../server/domain/dates";
import { confirmDelivery } from "../../server/services/fulfillment/confirmDelivery";
import { confirmPick } from "../../server/services/fulfillment/confirmPick";
import { packFulfillment } from "../../server/services/fulfillment/packFulfillment";
import { openPickList } from "../../server/services/fulfillment/pickList";
import { recordShipment } from "../../server/services/fulfillment/recordShipment";
import { allocateOrder } from "../../server/services/orders/allocateOrder";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";
import { BOX, fulfillmentOf, pickAsSuggested, queuedOrder } from "../support/flows";
import { expectRefused } from "../support/refusals";

const t = useTestDatabase();
const today = () => isoDateOf(new Date(), "UTC"); // test workspaces keep UTC

/**
 * Orders planned for a day that has passed (made before the rule, or waiting since) ship today at
 * the earliest: stock that expired in between must not be reserved, listed, picked or shipped.
 */
describe("an order planned in the past is judged against today", () => {
  let w: TestWorkspace;
  const yesterday = () => addDays(today(), -1);
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    await w.product("MASK");
  });
  const planInThePast = (orderId: string) => t.db.update(orders).set({ plannedShipDate: addDays(today(), -10) }).where(eq(orders.id, orderId));
  const expireLot = (code: string) => t.db.update(lots).set({ expiresOn: yesterday() }).where(sql`${lots.workspaceId} = ${w.workspace.id} and ${lots.code} = ${code}`);

  it("allocation passes over a lot that expired after the planned date", async () => {
    await w.stock("MASK", "M-EXPIRED", 10, { expiresOn: yesterday() });
    await w.stock("MASK", "M-GOOD", 10, { expiresOn: addDays(today(), 300), bin: "B-01" });
    const order = await w.order([{ sku: "MASK", quantity: 4 }]);
    await planInThePast(order.id);
    await allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 });
    const held = await t.db.select({ lot: lots.code, quantity: reservations.quantity }).from(reservations).innerJoin(lots, eq(lots.id, reservations.lotId)).where(eq(reservations.orderId, order.id));
    expect(held).toEqual([{ lot: "M-GOOD", quantity: 4 }]);
  });

  it("a lot that expired since allocation leaves the pick list and cannot be confirmed", async () => {
    await w.stock("MASK", "M-SOON", 10, { expiresOn: addDays(today(), 5) });
    const { order, pickList, fulfillment } = await queuedOrder(t.db, w, [{ sku: "MASK", quantity: 4 }]);
    expect(pickList.map((l) => l.lotCode)).toEqual(["M-SOON"]);
    await planInThePast(order.id);
    await expireLot("M-SOON");
    expect(await openPickList(t.db, w.actors.operator, { fulfillmentIds: [fulfillment.id] })).toEqual([]);
    const line = pickList[0]!;
    await expectRefused(t.db, w.workspace.id, () => confirmPick(t.db, w.actors.operator, { fulfillmentId: fulfillment.id, version: fulfillment.version, reservationId: line.reservationId, lotCode: "M-SOON", binCode: line.binCode, quantity: 4 }), "LOT_NOT_USABLE", new RegExp(`Lot M-SOON cannot be used: expires ${yesterday()}, must expire after ${today()}`));
  });

  it("units picked from a lot that expired before dispatch do not ship", async () => {
    await w.stock("MASK", "M-SOON", 10, { expiresOn: addDays(today(), 5) });
    const { order, pickList } = await queuedOrder(t.db, w, [{ sku: "MASK", quantity: 4 }]);
    await pickAsSuggested(t.db, w, pickList);
    let f = await fulfillmentOf(t.db, order.id);
    f = await packFulfillment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, packages: [BOX] });
    await expireLot("M-SOON");
    await expectRefused(t.db, w.workspace.id, () => recordShipment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, carrierCode: "FEDEX", serviceCode: "GROUND", trackingNumber: "794600000777" }), "LOT_NOT_USABLE", /Lot M-SOON cannot be used: expires/);
  });
});

describe("times people report are held to the carrier's rule", () => {
  it("refuses a dispatch before packing or in the future, and a delivery before dispatch, naming the field", async () => {
    const w = await makeWorkspace(t.db);
    await w.product("MASK");
    await w.stock("MASK", "M-1", 10, { expiresOn: addDays(today(), 300) });
    const { order, pickList } = await queuedOrder(t.db, w, [{ sku: "MASK", quantity: 1 }]);
    await pickAsSuggested(t.db, w, pickList);
    let f = await fulfillmentOf(t.db, order.id);
    f = await packFulfillment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, packages: [BOX] });
    const ship = (dispatchedAt: Date) => () => recordShipment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, carrierCode: "FEDEX", serviceCode: "GROUND", trackingNumber: "794600000888", dispatchedAt });
    await expectRefused(t.db, w.workspace.id, ship(new Date("2001-01-01T00:00:00Z")), "BAD_INPUT", /dispatchedAt: is before the fulfillment was packed/);
    await expectRefused(t.db, w.workspace.id, ship(new Date(Date.now() + 86_400_000)), "BAD_INPUT", /dispatchedAt: is in the future/);
    await ship(new Date())();
    f = await fulfillmentOf(t.db, order.id);
    await expectRefused(t.db, w.workspace.id, () => confirmDelivery(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, signer: "R. Calder", deliveredAt: new Date("2000-01-01T00:00:00Z") }), "BAD_INPUT", /deliveredAt: is before the shipment was dispatched/);
  });
});
