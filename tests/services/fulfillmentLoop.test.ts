import { and, asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { fulfillments, lots, inventoryLedger, inventoryPositions, loopEvents, orderLines, orders, reservations, shipments } from "../../db/schema";
import { addDays, isoDateOf } from "../../server/domain/dates";
import { DomainError } from "../../server/domain/errors";
import { cancelFulfillment } from "../../server/services/fulfillment/cancelFulfillment";
import { confirmDelivery } from "../../server/services/fulfillment/confirmDelivery";
import { confirmPick } from "../../server/services/fulfillment/confirmPick";
import { packFulfillment } from "../../server/services/fulfillment/packFulfillment";
import { generatePickList } from "../../server/services/fulfillment/pickList";
import { fulfillmentQueue } from "../../server/services/fulfillment/queries";
import { recordShipment } from "../../server/services/fulfillment/recordShipment";
import { reportShortPick, resolveShortPick } from "../../server/services/fulfillment/shortPick";
import { auditInventory, NO_VIOLATIONS } from "../../server/services/inventory/audit";
import { allocateBackorder, allocateOrder } from "../../server/services/orders/allocateOrder";
import { queueForFulfillment } from "../../server/services/orders/queueForFulfillment";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";
import { BOX, fulfillmentOf, pickAsSuggested, queuedOrder } from "../support/flows";
import { workspaceSnapshot } from "../support/snapshot";

const t = useTestDatabase();
async function refused(w: TestWorkspace, run: () => Promise<unknown>, code: string, message: RegExp) {
  const before = await workspaceSnapshot(t.db, w.workspace.id);
  const error = await run().then(() => null, (e: unknown) => e);
  expect(error, "should have been refused").toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  expect((error as DomainError).message).toMatch(message);
  expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);
}

describe("fulfillment loop", () => {
  let w: TestWorkspace;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    await w.product("SERUM", { minShelfLifeDays: 30 });
    await w.product("MASK");
    await w.stock("SERUM", "S-EARLY", 4, { expiresOn: "2027-02-01", bin: "B-01" });
    await w.stock("SERUM", "S-LATE", 10, { expiresOn: "2027-08-01", bin: "A-01" });
    await w.stock("SERUM", "S-SHORT", 10, { expiresOn: "2026-12-01", bin: "A-01" });
    await w.stock("MASK", "M-1", 5, { expiresOn: "2028-01-01", bin: "B-01" });
  });

  it("generates a FEFO pick list in walking order and starts picking", async () => {
    const { pickList, fulfillment } = await queuedOrder(t.db, w, [{ sku: "SERUM", quantity: 6 }, { sku: "MASK", quantity: 2 }]);
    expect(fulfillment.status).toBe("PICKING");
    expect(pickList.map((l) => [l.binCode, l.sku, l.lotCode, l.quantity])).toEqual([
      ["A-01", "SERUM", "S-LATE", 2],
      ["B-01", "MASK", "M-1", 2],
      ["B-01", "SERUM", "S-EARLY", 4],
    ]);
    expect(pickList.every((l) => l.lotCode !== "S-SHORT")).toBe(true); // expires inside the shelf-life window
  });

  it("picks, packs, ships and delivers: on-hand, ledger, reservations, order and events follow, and the loop closes", async () => {
    const { order, pickList } = await queuedOrder(t.db, w, [{ sku: "SERUM", quantity: 6 }]);
    await pickAsSuggested(t.db, w, pickList);
    let f = await fulfillmentOf(t.db, order.id);
    f = await packFulfillment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, packages: [BOX] });
    expect(f.status).toBe("PACKED");

    const shipment = await recordShipment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, carrierCode: "FEDEX", serviceCode: "GROUND", trackingNumber: "794612345678" });
    // Boston MA is zone 3; 1.2 kg falls in the 2 kg bracket: 895 + 3 × 115 + 2 × 85; ground takes 3 days.
    expect(shipment).toMatchObject({ zone: "3", weightGrams: 1200, costMinor: 1410, estimatedDeliveryOn: addDays(isoDateOf(shipment.dispatchedAt, "UTC"), 3), status: "IN_TRANSIT" });
    expect(shipment.label).toMatchObject({ service: "FedEx Ground", trackingNumber: "794612345678", destination: { city: "Boston" } });

    const positions = await t.db.select().from(inventoryPositions).where(eq(inventoryPositions.workspaceId, w.workspace.id));
    const total = (f: (p: (typeof positions)[number]) => number) => positions.reduce((n, p) => n + f(p), 0);
    expect(total((p) => p.onHand)).toBe(29 - 6);
    expect(total((p) => p.reserved)).toBe(0);
    const ledger = await t.db.select().from(inventoryLedger).where(and(eq(inventoryLedger.workspaceId, w.workspace.id), eq(inventoryLedger.kind, "SHIPMENT")));
    expect(ledger.reduce((n, l) => n + l.quantity, 0)).toBe(-6);
    const rs = await t.db.select().from(reservations).where(eq(reservations.orderId, order.id));
    expect(rs.every((r) => r.status === "CONSUMED")).toBe(true);
    const [line] = await t.db.select().from(orderLines).where(eq(orderLines.orderId, order.id));
    expect(line).toMatchObject({ shippedQty: 6, allocatedQty: 0 });
    const [shippedOrder] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(shippedOrder?.status).toBe("SHIPPED");
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);

    f = await fulfillmentOf(t.db, order.id);
    await confirmDelivery(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, signer: "J. Porter", note: "Left at reception" });
    const [closed] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(closed?.status).toBe("CLOSED");
    expect((await fulfillmentOf(t.db, order.id)).status).toBe("CLOSED");
    const [delivered] = await t.db.select().from(shipments).where(eq(shipments.fulfillmentId, f.id));
    expect(delivered).toMatchObject({ status: "DELIVERED", proof: { source: "person", signer: "J. Porter", note: "Left at reception" } });

    const timeline = await t.db.select({ type: loopEvents.type }).from(loopEvents).where(eq(loopEvents.subjectId, order.id)).orderBy(asc(loopEvents.seq));
    expect(timeline.map((e) => e.type)).toEqual([
      "dcm.order.received",
      "scm.inventory.reserved",
      "dcm.order.allocated",
      "dcm.order.fulfillment_queued",
      "dcm.order.shipped",
      "dcm.order.delivered",
      "dcm.order.closed",
    ]);
    const fEvents = await t.db.select({ type: loopEvents.type }).from(loopEvents).where(eq(loopEvents.subjectId, f.id)).orderBy(asc(loopEvents.seq));
    expect(fEvents.map((e) => e.type)).toEqual([
      "scm.fulfillment.created",
      "scm.fulfillment.picking",
      "scm.fulfillment.picked",
      "scm.fulfillment.picked",
      "scm.fulfillment.packed",
      "scm.fulfillment.shipped",
      "scm.fulfillment.delivered",
      "scm.fulfillment.closed",
    ]);
  });

  it("accepts another usable lot than suggested: the reservation moves with the pick", async () => {
    const { order, pickList, fulfillment } = await queuedOrder(t.db, w, [{ sku: "SERUM", quantity: 3 }]);
    expect(pickList[0]).toMatchObject({ lotCode: "S-EARLY", binCode: "B-01", quantity: 3 });
    await confirmPick(t.db, w.actors.operator, { fulfillmentId: fulfillment.id, version: fulfillment.version, reservationId: pickList[0]!.reservationId, lotCode: "S-LATE", binCode: "A-01", quantity: 3 });
    const active = await t.db.select().from(reservations).where(and(eq(reservations.orderId, order.id), eq(reservations.status, "ACTIVE")));
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ quantity: 3, pickedQty: 3 });
    const positions = await t.db.select().from(inventoryPositions).where(eq(inventoryPositions.workspaceId, w.workspace.id));
    expect(positions.find((p) => p.id === active[0]!.positionId)?.reserved).toBe(3);
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
  });

  it("refuses an unusable lot, a lot of another SKU, over-picking and an unknown bin, writing nothing", async () => {
    const { pickList, fulfillment } = await queuedOrder(t.db, w, [{ sku: "SERUM", quantity: 3 }]);
    const line = pickList[0]!;
    const pick = (over: object) => () => confirmPick(t.db, w.actors.operator, { fulfillmentId: fulfillment.id, version: fulfillment.version, reservationId: line.reservationId, lotCode: line.lotCode, binCode: line.binCode, quantity: line.quantity, ...over });
    await refused(w, pick({ lotCode: "S-SHORT", binCode: "A-01" }), "LOT_NOT_USABLE", /Lot S-SHORT cannot be used: expires 2026-12-01/);
    await refused(w, pick({ lotCode: "M-1", binCode: "B-01" }), "BAD_INPUT", /lotCode: lot M-1 is not SERUM: wrong SKU/);
    await refused(w, pick({ quantity: 4 }), "BAD_INPUT", /quantity: 4 is more than the line asks \(3 left to pick\)/);
    await refused(w, pick({ binCode: "Z-9" }), "BAD_INPUT", /binCode: no SERUM of lot S-EARLY in bin Z-9/);
  });

  it("cuts a wave by the carrier the customer chose, and refuses an unknown shipping method by field", async () => {
    const ups = await w.order([{ sku: "MASK", quantity: 1 }], { shippingMethod: { carrierCode: "UPS", serviceCode: "2ND_DAY_AIR" } });
    const fedex = await w.order([{ sku: "MASK", quantity: 1 }], { shippingMethod: { carrierCode: "FEDEX", serviceCode: "GROUND" } });
    for (const o of [ups, fedex]) {
      await allocateOrder(t.db, w.actors.operator, { orderId: o.id, version: 1 });
      await queueForFulfillment(t.db, w.actors.operator, { orderId: o.id, version: 2 });
    }
    const wave = await fulfillmentQueue(t.db, w.actors.operator, { carrierCode: "UPS", status: "ALLOCATED" });
    expect(wave.map((f) => [f.orderNumber, f.requestedService])).toEqual([[ups.number, "UPS 2nd Day Air"]]);
    await refused(w, () => w.order([{ sku: "MASK", quantity: 1 }], { shippingMethod: { carrierCode: "DHL", serviceCode: "EXPRESS" } }), "BAD_INPUT", /shippingMethod\.carrierCode: unknown carrier DHL/);
    await refused(w, () => w.order([{ sku: "MASK", quantity: 1 }], { shippingMethod: { carrierCode: "UPS", serviceCode: "SAME_DAY" } }), "BAD_INPUT", /shippingMethod\.serviceCode: UPS has no service SAME_DAY/);
  });

  it("refuses steps out of order, naming the current state", async () => {
    const { order, fulfillment } = await queuedOrder(t.db, w, [{ sku: "SERUM", quantity: 2 }]);
    await refused(w, () => packFulfillment(t.db, w.actors.operator, { fulfillmentId: fulfillment.id, version: fulfillment.version, packages: [BOX] }), "INVALID_TRANSITION", /still picking \(SERUM 0 of 2\)/);
    await refused(w, () => recordShipment(t.db, w.actors.operator, { fulfillmentId: fulfillment.id, version: fulfillment.version, carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1Z999AA10123456784" }), "INVALID_TRANSITION", /is PICKING; to ship it must be PACKED/);
    await refused(w, () => confirmDelivery(t.db, w.actors.operator, { fulfillmentId: fulfillment.id, version: fulfillment.version, signer: "x" }), "INVALID_TRANSITION", /is PICKING; to confirm delivery it must be SHIPPED/);
    await cancelFulfillment(t.db, w.actors.operator, { fulfillmentId: fulfillment.id, version: fulfillment.version, reason: "wrong address" });
    const cancelled = await fulfillmentOf(t.db, order.id);
    await refused(w, () => confirmPick(t.db, w.actors.operator, { fulfillmentId: cancelled.id, version: cancelled.version, reservationId: "00000000-0000-4000-8000-000000000000", lotCode: "S-EARLY", binCode: "B-01", quantity: 1 }), "INVALID_TRANSITION", /is CANCELLED; to confirm a pick it must be PICKING or EXCEPTION/);
  });

  it("allocates a backorder when stock arrives and ships it in a second fulfillment; the order then closes", async () => {
    const { order, pickList } = await queuedOrder(t.db, w, [{ sku: "MASK", quantity: 8 }], { acceptsBackorder: true });
    await pickAsSuggested(t.db, w, pickList);
    let f = await fulfillmentOf(t.db, order.id);
    f = await packFulfillment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, packages: [BOX] });
    await recordShipment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1ZFIRSTPART00001" });
    f = await fulfillmentOf(t.db, order.id);
    await confirmDelivery(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, signer: "Dock" });

    await w.stock("MASK", "M-2", 10, { expiresOn: "2028-06-01" });
    let [current] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(current?.status).toBe("PARTIALLY_SHIPPED");
    await allocateBackorder(t.db, w.actors.operator, { orderId: order.id, version: current!.version });
    const [line] = await t.db.select().from(orderLines).where(eq(orderLines.orderId, order.id));
    expect(line).toMatchObject({ quantity: 8, shippedQty: 5, allocatedQty: 3, backorderedQty: 0 });
    [current] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    const queued = await queueForFulfillment(t.db, w.actors.operator, { orderId: order.id, version: current!.version });
    expect(queued.status).toBe("FULFILLMENT_QUEUED");

    const [second] = await t.db.select().from(fulfillments).where(and(eq(fulfillments.orderId, order.id), eq(fulfillments.status, "ALLOCATED")));
    expect(second?.number).toBe(`${order.number}-F2`);
    await pickAsSuggested(t.db, w, await generatePickList(t.db, w.actors.operator, { fulfillmentIds: [second!.id] }));
    let f2 = (await t.db.select().from(fulfillments).where(eq(fulfillments.id, second!.id)))[0]!;
    f2 = await packFulfillment(t.db, w.actors.operator, { fulfillmentId: f2.id, version: f2.version, packages: [BOX] });
    await recordShipment(t.db, w.actors.operator, { fulfillmentId: f2.id, version: f2.version, carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1ZSECONDPART0001" });
    [current] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(current?.status).toBe("SHIPPED");
    f2 = (await t.db.select().from(fulfillments).where(eq(fulfillments.id, second!.id)))[0]!;
    await confirmDelivery(t.db, w.actors.operator, { fulfillmentId: f2.id, version: f2.version, signer: "Dock" });
    [current] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(current?.status).toBe("CLOSED");
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
  });

  it("refuses to allocate a backorder that does not exist, or when nothing usable has arrived", async () => {
    const plain = await w.order([{ sku: "MASK", quantity: 1 }]);
    await refused(w, () => allocateBackorder(t.db, w.actors.operator, { orderId: plain.id, version: 1 }), "INVALID_TRANSITION", /is RECEIVED; to allocate its backorder it must be ALLOCATED or PARTIALLY_SHIPPED/);
    await allocateOrder(t.db, w.actors.operator, { orderId: plain.id, version: 1 });
    await refused(w, () => allocateBackorder(t.db, w.actors.operator, { orderId: plain.id, version: 2 }), "INVALID_TRANSITION", /is without backorder/);
    const short = await w.order([{ sku: "MASK", quantity: 9 }], { acceptsBackorder: true });
    await allocateOrder(t.db, w.actors.operator, { orderId: short.id, version: 1 });
    await refused(w, () => allocateBackorder(t.db, w.actors.operator, { orderId: short.id, version: 2 }), "INSUFFICIENT_STOCK", /MASK short 5/);
  });

  it("refuses a tracking number the carrier already has on another shipment", async () => {
    const first = await queuedOrder(t.db, w, [{ sku: "MASK", quantity: 1 }]);
    const second = await queuedOrder(t.db, w, [{ sku: "MASK", quantity: 1 }]);
    for (const { order, pickList } of [first, second]) {
      await pickAsSuggested(t.db, w, pickList);
      const f = await fulfillmentOf(t.db, order.id);
      await packFulfillment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, packages: [BOX] });
    }
    let f = await fulfillmentOf(t.db, first.order.id);
    await recordShipment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1ZSAMENUMBER0001" });
    f = await fulfillmentOf(t.db, second.order.id);
    await refused(w, () => recordShipment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1ZSAMENUMBER0001" }), "BAD_INPUT", /trackingNumber: UPS tracking number 1ZSAMENUMBER0001 is already on another shipment/);
  });

  it("cancels a fulfillment before shipment: picks reversed, reservations stay with the order", async () => {
    const { order, pickList } = await queuedOrder(t.db, w, [{ sku: "SERUM", quantity: 6 }]);
    await pickAsSuggested(t.db, w, pickList);
    const f = await fulfillmentOf(t.db, order.id);
    await cancelFulfillment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, reason: "customer changed address" });
    const [back] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(back?.status).toBe("ALLOCATED");
    const active = await t.db.select().from(reservations).where(and(eq(reservations.orderId, order.id), eq(reservations.status, "ACTIVE")));
    expect(active.reduce((n, r) => n + r.quantity, 0)).toBe(6);
    expect(active.every((r) => r.pickedQty === 0)).toBe(true);
    const types = await t.db.select({ type: loopEvents.type }).from(loopEvents).where(eq(loopEvents.subjectId, order.id)).orderBy(asc(loopEvents.seq));
    expect(types.at(-1)?.type).toBe("dcm.order.fulfillment_cancelled");
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
  });

  it("moves a reservation off a lot put on QC hold after allocation before the pick list goes out", async () => {
    const order = await w.order([{ sku: "SERUM", quantity: 3 }]);
    await allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 });
    await queueForFulfillment(t.db, w.actors.operator, { orderId: order.id, version: 2 });
    await t.db.update(lots).set({ qcStatus: "HOLD" }).where(and(eq(lots.workspaceId, w.workspace.id), eq(lots.code, "S-EARLY")));
    const f = await fulfillmentOf(t.db, order.id);
    const pickList = await generatePickList(t.db, w.actors.operator, { fulfillmentIds: [f.id] });
    expect(pickList.map((l) => [l.lotCode, l.quantity])).toEqual([["S-LATE", 3]]);
    expect((await fulfillmentOf(t.db, order.id)).status).toBe("PICKING");
    const [moved] = await t.db.select().from(loopEvents).where(and(eq(loopEvents.subjectId, order.id), eq(loopEvents.type, "scm.inventory.reallocated")));
    expect(moved?.payload).toMatchObject({ moves: [{ fromLot: "S-EARLY", toLot: "S-LATE", quantity: 3 }], short: [] });
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
  });

  it("puts the fulfillment in EXCEPTION when no usable lot can replace a held one, and never lists the held lot", async () => {
    const order = await w.order([{ sku: "MASK", quantity: 4 }]);
    await allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 });
    await queueForFulfillment(t.db, w.actors.operator, { orderId: order.id, version: 2 });
    await t.db.update(lots).set({ qcStatus: "RECALLED" }).where(and(eq(lots.workspaceId, w.workspace.id), eq(lots.code, "M-1")));
    let f = await fulfillmentOf(t.db, order.id);
    const pickList = await generatePickList(t.db, w.actors.operator, { fulfillmentIds: [f.id] });
    expect(pickList).toEqual([]);
    f = await fulfillmentOf(t.db, order.id);
    expect(f.status).toBe("EXCEPTION");
    const [exception] = await t.db.select().from(loopEvents).where(and(eq(loopEvents.subjectId, f.id), eq(loopEvents.type, "scm.fulfillment.exception")));
    expect(exception?.payload).toMatchObject({ reason: "reserved lot no longer usable", shortage: [{ sku: "MASK", requested: 4, short: 4 }] });
    f = await resolveShortPick(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version });
    const [line] = await t.db.select().from(orderLines).where(eq(orderLines.orderId, order.id));
    expect(line).toMatchObject({ allocatedQty: 0, backorderedQty: 4 });
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
    await refused(w, () => packFulfillment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, packages: [BOX] }), "INVALID_TRANSITION", /is empty \(nothing was picked\); to pack it must be cancelled instead/);
  });

  it("refuses to queue an order whose every unit ended up backordered (found by the property test)", async () => {
    const order = await w.order([{ sku: "MASK", quantity: 1 }]);
    await allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 });
    await queueForFulfillment(t.db, w.actors.operator, { orderId: order.id, version: 2 });
    await t.db.update(lots).set({ qcStatus: "RECALLED" }).where(and(eq(lots.workspaceId, w.workspace.id), eq(lots.code, "M-1")));
    let f = await fulfillmentOf(t.db, order.id);
    await generatePickList(t.db, w.actors.operator, { fulfillmentIds: [f.id] });
    f = await fulfillmentOf(t.db, order.id);
    f = await resolveShortPick(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version });
    await cancelFulfillment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, reason: "nothing to ship" });
    const [allocated] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(allocated?.status).toBe("ALLOCATED");
    await refused(w, () => queueForFulfillment(t.db, w.actors.operator, { orderId: order.id, version: allocated!.version }), "INVALID_TRANSITION", /ALLOCATED with nothing reserved \(all backordered\)/);
  });

  it("a short pick puts the fulfillment in EXCEPTION with the shortage; picking the rest elsewhere resumes it", async () => {
    const { order, pickList, fulfillment } = await queuedOrder(t.db, w, [{ sku: "SERUM", quantity: 3 }]);
    const line = pickList[0]!; // 3 × S-EARLY from B-01
    await reportShortPick(t.db, w.actors.operator, { fulfillmentId: fulfillment.id, version: fulfillment.version, reservationId: line.reservationId, found: 1 });
    let f = await fulfillmentOf(t.db, order.id);
    expect(f.status).toBe("EXCEPTION");
    const [exception] = await t.db.select().from(loopEvents).where(and(eq(loopEvents.subjectId, f.id), eq(loopEvents.type, "scm.fulfillment.exception")));
    expect(exception?.payload).toMatchObject({ reason: "short pick", shortage: { sku: "SERUM", lot: "S-EARLY", bin: "B-01", expected: 3, found: 1, short: 2 } });

    await confirmPick(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, reservationId: line.reservationId, lotCode: "S-LATE", binCode: "A-01", quantity: 2 });
    f = await fulfillmentOf(t.db, order.id);
    expect(f.status).toBe("PICKING");
    f = await packFulfillment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, packages: [BOX] });
    expect(f.status).toBe("PACKED");
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
  });

  it("resolves a short pick by shipping what was found: the rest is released and backordered", async () => {
    const { order, pickList, fulfillment } = await queuedOrder(t.db, w, [{ sku: "SERUM", quantity: 3 }]);
    await reportShortPick(t.db, w.actors.operator, { fulfillmentId: fulfillment.id, version: fulfillment.version, reservationId: pickList[0]!.reservationId, found: 1 });
    let f = await fulfillmentOf(t.db, order.id);
    f = await resolveShortPick(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version });
    expect(f.status).toBe("PICKING");
    const [line] = await t.db.select().from(orderLines).where(eq(orderLines.orderId, order.id));
    expect(line).toMatchObject({ allocatedQty: 1, backorderedQty: 2 });
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
    f = await packFulfillment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, packages: [BOX] });
    await recordShipment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, carrierCode: "FEDEX", serviceCode: "GROUND", trackingNumber: "794699999999" });
    const [partial] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(partial?.status).toBe("PARTIALLY_SHIPPED");
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
  });

  it("refuses a 'short' pick that is not short, and resolving when nothing is wrong", async () => {
    const { pickList, fulfillment } = await queuedOrder(t.db, w, [{ sku: "SERUM", quantity: 3 }]);
    await refused(w, () => reportShortPick(t.db, w.actors.operator, { fulfillmentId: fulfillment.id, version: fulfillment.version, reservationId: pickList[0]!.reservationId, found: 3 }), "BAD_INPUT", /found: 3 is not short: the line asks for 3/);
    await refused(w, () => resolveShortPick(t.db, w.actors.operator, { fulfillmentId: fulfillment.id, version: fulfillment.version }), "INVALID_TRANSITION", /is PICKING; to ship what was found it must be EXCEPTION/);
  });

  it("ships part of a backordered B2B order: PARTIALLY_SHIPPED, invoiced for what shipped, and stays open after delivery", async () => {
    const { order, pickList } = await queuedOrder(t.db, w, [{ sku: "MASK", quantity: 8 }], { accountCode: "ACME", buyerPo: "PO-ACME-77", acceptsBackorder: true });
    await pickAsSuggested(t.db, w, pickList);
    let f = await fulfillmentOf(t.db, order.id);
    f = await packFulfillment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, packages: [BOX] });
    await recordShipment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, carrierCode: "UPS", serviceCode: "2ND_DAY_AIR", trackingNumber: "1Z999AA10123456784" });
    const [partial] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(partial?.status).toBe("PARTIALLY_SHIPPED");
    const [invoice] = await t.db.select().from(loopEvents).where(and(eq(loopEvents.subjectId, order.id), eq(loopEvents.type, "finance.invoice.issued")));
    expect(invoice?.payload).toMatchObject({ buyerPo: "PO-ACME-77", paymentTerms: "NET_30", amountMinor: 5 * 1000, currency: "USD" });
    f = await fulfillmentOf(t.db, order.id);
    await confirmDelivery(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, signer: "Dock 3" });
    const [after] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(after?.status).toBe("PARTIALLY_SHIPPED"); // the backorder of 3 is still open
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
  });
});
