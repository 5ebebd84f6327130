import { and, asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { fulfillments, inventoryPositions, loopEvents, orderLines, reservations } from "../../db/schema";
import { allocateOrder } from "../../server/services/orders/allocateOrder";
import { cancelOrder } from "../../server/services/orders/cancelOrder";
import { getOrderDetail } from "../../server/services/orders/queries";
import { queueForFulfillment } from "../../server/services/orders/queueForFulfillment";
import { releaseAllocation } from "../../server/services/orders/releaseAllocation";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";
import { auditInventory, NO_VIOLATIONS } from "../../server/services/inventory/audit";

const t = useTestDatabase();

async function eventTypes(subjectId: string) {
  const rows = await t.db.select({ type: loopEvents.type }).from(loopEvents).where(eq(loopEvents.subjectId, subjectId)).orderBy(asc(loopEvents.seq));
  return rows.map((r) => r.type);
}

describe("order loop services", () => {
  let w: TestWorkspace;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    await w.product("SERUM", { minShelfLifeDays: 30, casePackQty: 12 });
    await w.stock("SERUM", "S-LATE", 20, { expiresOn: "2027-08-01", bin: "A-01" });
    await w.stock("SERUM", "S-EARLY", 6, { expiresOn: "2027-02-01", bin: "B-01" });
  });

  it("creates an order in RECEIVED with a workspace number, base units and a received event", async () => {
    const order = await w.order([{ sku: "SERUM", quantity: 2, uom: "CASE" }]);
    expect(order.status).toBe("RECEIVED");
    expect(order.version).toBe(1);
    expect(order.number).toMatch(new RegExp(`^${w.workspace.orderPrefix}-ORD-\\d{4}-0001$`));
    expect(order.totalMinor).toBe(24 * 1000);
    const [line] = await t.db.select().from(orderLines).where(eq(orderLines.orderId, order.id));
    expect(line).toMatchObject({ quantity: 24, uom: "CASE", uomQuantity: 2, allocatedQty: 0 });
    expect(await eventTypes(order.id)).toEqual(["dcm.order.received"]);
    const second = await w.order([{ sku: "SERUM", quantity: 1 }]);
    expect(second.number.endsWith("-0002")).toBe(true);
  });

  it("allocates FEFO across lots and bins: reservations, positions, lines, version and events together", async () => {
    const order = await w.order([{ sku: "SERUM", quantity: 10 }]);
    const allocated = await allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 });
    expect(allocated).toMatchObject({ status: "ALLOCATED", version: 2 });
    expect(allocated.allocatedAt).toBeInstanceOf(Date);

    const detail = await getOrderDetail(t.db, w.actors.operator, order.id);
    expect(detail.allocation.map((a) => [a.lotCode, a.binCode, a.availableBefore, a.quantity])).toEqual([
      ["S-EARLY", "B-01", 6, 6],
      ["S-LATE", "A-01", 20, 4],
    ]);
    expect(detail.lines[0]).toMatchObject({ allocatedQty: 10, backorderedQty: 0 });
    expect(detail.timeline.map((e) => e.type)).toEqual(["dcm.order.received", "scm.inventory.reserved", "dcm.order.allocated"]);
    expect(detail.timeline.at(-1)).toMatchObject({ fromState: "RECEIVED", toState: "ALLOCATED", actorLabel: "Test operator (operator)" });
    const positions = await t.db.select().from(inventoryPositions).where(eq(inventoryPositions.workspaceId, w.workspace.id));
    expect(positions.map((p) => p.reserved).sort((a, b) => a - b)).toEqual([4, 6]);
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
  });

  it("reserves what is there and backorders the rest when the order accepts backorders", async () => {
    const order = await w.order([{ sku: "SERUM", quantity: 30 }], { acceptsBackorder: true });
    await allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 });
    const detail = await getOrderDetail(t.db, w.actors.operator, order.id);
    expect(detail.status).toBe("ALLOCATED");
    expect(detail.lines[0]).toMatchObject({ quantity: 30, allocatedQty: 26, backorderedQty: 4 });
    expect(detail.timeline.at(-1)?.payload).toMatchObject({ reserved: 26, backordered: [{ sku: "SERUM", quantity: 4 }] });
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
  });

  it("allocates a pinned line from its lot only, even when another lot expires sooner", async () => {
    const order = await w.order([{ sku: "SERUM", quantity: 3, lotCode: "S-LATE" }]);
    await allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 });
    const detail = await getOrderDetail(t.db, w.actors.operator, order.id);
    expect(detail.allocation.map((a) => [a.lotCode, a.quantity, a.pinned])).toEqual([["S-LATE", 3, true]]);
    expect(detail.lines[0]?.pinnedLotCode).toBe("S-LATE");
  });

  it("releases an allocation: stock goes back and the order waits in RECEIVED", async () => {
    const order = await w.order([{ sku: "SERUM", quantity: 10 }]);
    await allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 });
    const released = await releaseAllocation(t.db, w.actors.operator, { orderId: order.id, version: 2 });
    expect(released).toMatchObject({ status: "RECEIVED", version: 3 });
    const rs = await t.db.select().from(reservations).where(eq(reservations.orderId, order.id));
    expect(rs.map((r) => r.status)).toEqual(["RELEASED", "RELEASED"]);
    expect(await eventTypes(order.id)).toEqual(["dcm.order.received", "scm.inventory.reserved", "dcm.order.allocated", "scm.inventory.released", "dcm.order.allocation_released"]);
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
    // and it can be allocated again
    await allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 3 });
  });

  it("queues an allocated order: a fulfillment opens for the reserved lines", async () => {
    const order = await w.order([{ sku: "SERUM", quantity: 10 }]);
    await allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 });
    const queued = await queueForFulfillment(t.db, w.actors.operator, { orderId: order.id, version: 2 });
    expect(queued).toMatchObject({ status: "FULFILLMENT_QUEUED", version: 3 });
    const [f] = await t.db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id));
    expect(f).toMatchObject({ status: "ALLOCATED", number: `${order.number}-F1` });
    expect(await eventTypes(f!.id)).toEqual(["scm.fulfillment.created"]);
  });

  it("cancels a queued order: reservations return, the fulfillment is cancelled, cancelling again is harmless", async () => {
    const order = await w.order([{ sku: "SERUM", quantity: 10 }]);
    await allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 });
    await queueForFulfillment(t.db, w.actors.operator, { orderId: order.id, version: 2 });
    const cancelled = await cancelOrder(t.db, w.actors.operator, { orderId: order.id, version: 3, reason: "customer called" });
    expect(cancelled).toMatchObject({ status: "CANCELLED", cancelReason: "customer called", version: 4 });
    const [f] = await t.db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id));
    expect(f?.status).toBe("CANCELLED");
    const [fulfillmentCancelled] = await t.db.select().from(loopEvents).where(and(eq(loopEvents.subjectId, f!.id), eq(loopEvents.type, "scm.fulfillment.cancelled")));
    expect(fulfillmentCancelled).toMatchObject({ fromState: "ALLOCATED", toState: "CANCELLED" });
    const positions = await t.db.select().from(inventoryPositions).where(and(eq(inventoryPositions.workspaceId, w.workspace.id)));
    expect(positions.every((p) => p.reserved === 0)).toBe(true);

    const eventsBefore = (await eventTypes(order.id)).length;
    const again = await cancelOrder(t.db, w.actors.operator, { orderId: order.id, version: 3 });
    expect(again).toMatchObject({ status: "CANCELLED", version: 4 });
    expect((await eventTypes(order.id)).length).toBe(eventsBefore);
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
  });
});
