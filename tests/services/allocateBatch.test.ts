import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { inventoryPositions, loopEvents, orderLines, orders, reservations } from "../../db/schema";
import { allocateBackorder, allocateOrder, allocateOrders, ALLOCATION_BATCH_MAX } from "../../server/services/orders/allocateOrder";
import { allocateReceived } from "../../server/services/orders/allocateReceived";
import { queueForFulfillment } from "../../server/services/orders/queueForFulfillment";
import { auditInventory, NO_VIOLATIONS } from "../../server/services/inventory/audit";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";
import { callOk, callRefused, mcpClient } from "../support/mcp";
import { expectRefused } from "../support/refusals";
import { apiKey, rest } from "../support/rest";
import { workspaceSnapshot } from "../support/snapshot";

const t = useTestDatabase();

async function orderRow(orderId: string) {
  const [row] = await t.db.select().from(orders).where(eq(orders.id, orderId));
  return row!;
}

async function eventsOf(orderId: string) {
  return t.db.select().from(loopEvents).where(eq(loopEvents.subjectId, orderId)).orderBy(asc(loopEvents.seq));
}

async function reservationsOf(orderId: string) {
  return t.db.select().from(reservations).where(eq(reservations.orderId, orderId)).orderBy(asc(reservations.createdAt), asc(reservations.availableBefore));
}

/** Moves an order's arrival: the batch must serve by it, not by creation or listing order. */
async function receivedAt(orderId: string, at: Date) {
  await t.db.update(orders).set({ receivedAt: at }).where(eq(orders.id, orderId));
}

/** A payload's shape: its keys and the kinds of their values, all the way down. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shape(value[0])] : [];
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  return value === null ? "null" : typeof value;
}

describe("allocateOrders: a batch, each order with its own outcome", () => {
  let w: TestWorkspace;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    await w.product("SERUM");
  });

  it("allocates, refuses short, backorders, and refuses wrong state, stale version and unknown orders, each on its own", async () => {
    await w.stock("SERUM", "S-1", 10, { expiresOn: "2099-01-01" });
    // Created in this order, so received oldest to youngest in this order.
    const already = await w.order([{ sku: "SERUM", quantity: 2 }]);
    const ok = await w.order([{ sku: "SERUM", quantity: 3 }]);
    const short = await w.order([{ sku: "SERUM", quantity: 20 }]);
    const backorder = await w.order([{ sku: "SERUM", quantity: 9 }], { acceptsBackorder: true });
    const stale = await w.order([{ sku: "SERUM", quantity: 1 }]);
    const unknown = randomUUID();
    // Allocated alone first: what a single allocation writes, to compare the batch's events with.
    await allocateOrder(t.db, w.actors.operator, { orderId: already.id, version: 1 });
    const alreadyEvents = await eventsOf(already.id);

    const results = await allocateOrders(t.db, w.actors.operator, {
      orders: [{ orderId: unknown }, { orderId: backorder.id, version: 1 }, { orderId: already.id }, { orderId: stale.id, version: 7 }, { orderId: short.id }, { orderId: ok.id, version: 1 }],
    });

    // One result per order, in the order asked. The short order is older than the backordered
    // one, but refused it reserves nothing: the backordered order gets the 5 it could not use.
    expect(results).toEqual([
      { orderId: unknown, number: null, allocated: false, error: { code: "NOT_FOUND", message: `Order ${unknown} was not found.`, details: { subject: "Order", ref: unknown } } },
      { orderId: backorder.id, number: backorder.number, allocated: true, status: "ALLOCATED", version: 2, backordered: [{ sku: "SERUM", quantity: 4 }] },
      {
        orderId: already.id,
        number: already.number,
        allocated: false,
        error: { code: "INVALID_TRANSITION", message: expect.stringMatching(/is ALLOCATED; it cannot move to ALLOCATED/), details: expect.objectContaining({ from: "ALLOCATED", to: "ALLOCATED" }) },
      },
      { orderId: stale.id, number: stale.number, allocated: false, error: { code: "VERSION_CONFLICT", message: expect.stringMatching(/your version 7, now 1/), details: { expected: 7, actual: 1, state: "RECEIVED" } } },
      { orderId: short.id, number: short.number, allocated: false, error: { code: "INSUFFICIENT_STOCK", message: expect.stringMatching(/SERUM short 15/), details: { shortages: [{ sku: "SERUM", requested: 20, available: 5, short: 15 }] } } },
      { orderId: ok.id, number: ok.number, allocated: true, status: "ALLOCATED", version: 2, backordered: [] },
    ]);

    // The refused orders: untouched rows, lines, reservations and timelines.
    for (const refused of [short, stale]) {
      expect(await orderRow(refused.id)).toMatchObject({ status: "RECEIVED", version: 1, allocatedAt: null });
      expect(await t.db.select({ allocated: orderLines.allocatedQty, backordered: orderLines.backorderedQty }).from(orderLines).where(eq(orderLines.orderId, refused.id))).toEqual([{ allocated: 0, backordered: 0 }]);
      expect(await reservationsOf(refused.id)).toEqual([]);
      expect((await eventsOf(refused.id)).map((e) => e.type)).toEqual(["dcm.order.received"]);
    }
    expect(await orderRow(already.id)).toMatchObject({ status: "ALLOCATED", version: 2 });
    expect(await eventsOf(already.id)).toEqual(alreadyEvents);
    expect(await reservationsOf(already.id)).toHaveLength(1);

    // The committed ones: reservations, lines and positions agree, FEFO from what older orders left.
    expect((await reservationsOf(ok.id)).map((r) => [r.quantity, r.availableBefore])).toEqual([[3, 8]]);
    expect((await reservationsOf(backorder.id)).map((r) => [r.quantity, r.availableBefore])).toEqual([[5, 5]]);
    const [line] = await t.db.select().from(orderLines).where(eq(orderLines.orderId, backorder.id));
    expect(line).toMatchObject({ allocatedQty: 5, backorderedQty: 4 });
    const positions = await t.db.select().from(inventoryPositions).where(eq(inventoryPositions.workspaceId, w.workspace.id));
    expect(positions.map((p) => [p.onHand, p.reserved])).toEqual([[10, 10]]);
    expect((await orderRow(ok.id)).allocatedAt).toBeInstanceOf(Date);
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);

    // …and the same events a single allocation writes, payloads of the same shape.
    const single = { reserved: alreadyEvents[1]!, allocated: alreadyEvents[2]! };
    for (const [o, reserved, backordered] of [[ok, 3, []], [backorder, 5, [{ sku: "SERUM", quantity: 4 }]]] as const) {
      const events = await eventsOf(o.id);
      expect(events.map((e) => e.type)).toEqual(["dcm.order.received", "scm.inventory.reserved", "dcm.order.allocated"]);
      const [, reservedEvent, allocatedEvent] = events;
      const rows = await reservationsOf(o.id);
      expect(reservedEvent).toMatchObject({ subjectType: "order", fromState: null, toState: null, actorLabel: single.reserved.actorLabel, actorId: w.actors.operator.userId });
      expect(reservedEvent!.payload).toEqual({ number: o.number, quantity: reserved, reservations: rows.map((r) => ({ positionId: r.positionId, lotId: r.lotId, quantity: r.quantity, availableBefore: r.availableBefore })) });
      expect(allocatedEvent).toMatchObject({ subjectType: "order", fromState: "RECEIVED", toState: "ALLOCATED", actorLabel: single.allocated.actorLabel });
      expect(allocatedEvent!.payload).toEqual({ number: o.number, reserved, backordered });
      expect(shape(reservedEvent!.payload)).toEqual(shape(single.reserved.payload));
      expect(Object.keys(allocatedEvent!.payload).sort()).toEqual(Object.keys(single.allocated.payload).sort());
    }
  });

  it("refuses an order already queued for fulfillment, alone or in a batch, and writes nothing", async () => {
    await w.stock("SERUM", "S-1", 10, { expiresOn: "2099-01-01" });
    const queued = await w.order([{ sku: "SERUM", quantity: 1 }]);
    await allocateOrder(t.db, w.actors.operator, { orderId: queued.id });
    await queueForFulfillment(t.db, w.actors.operator, { orderId: queued.id });
    await expectRefused(t.db, w.workspace.id, () => allocateOrder(t.db, w.actors.operator, { orderId: queued.id }), "INVALID_TRANSITION", /is FULFILLMENT_QUEUED; to allocate it it must be RECEIVED/);
    const [result] = await allocateOrders(t.db, w.actors.operator, { orders: [{ orderId: queued.id }] });
    expect(result).toMatchObject({ allocated: false, error: { code: "INVALID_TRANSITION" } });
    expect((await orderRow(queued.id)).status).toBe("FULFILLMENT_QUEUED");
  });

  it("a batch of refusals only writes nothing at all", async () => {
    await w.stock("SERUM", "S-1", 4, { expiresOn: "2099-01-01" });
    const allocated = await w.order([{ sku: "SERUM", quantity: 1 }]);
    await allocateOrder(t.db, w.actors.operator, { orderId: allocated.id });
    const short = await w.order([{ sku: "SERUM", quantity: 5 }]);
    const stale = await w.order([{ sku: "SERUM", quantity: 1 }]);
    const before = await workspaceSnapshot(t.db, w.workspace.id);
    const results = await allocateOrders(t.db, w.actors.operator, { orders: [{ orderId: short.id }, { orderId: stale.id, version: 2 }, { orderId: allocated.id }, { orderId: randomUUID() }] });
    expect(results.map((r) => (r.allocated ? "allocated" : r.error.code))).toEqual(["INSUFFICIENT_STOCK", "VERSION_CONFLICT", "INVALID_TRANSITION", "NOT_FOUND"]);
    expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);
  });

  it("serves the oldest order first, however the batch lists them", async () => {
    await w.stock("SERUM", "S-1", 5, { expiresOn: "2099-01-01" });
    const younger = await w.order([{ sku: "SERUM", quantity: 5 }]);
    const older = await w.order([{ sku: "SERUM", quantity: 5 }]);
    // The later-created order came in an hour earlier (a channel order, say): it is the older.
    await receivedAt(older.id, new Date(Date.now() - 3_600_000));

    const results = await allocateOrders(t.db, w.actors.operator, { orders: [{ orderId: younger.id }, { orderId: older.id }] });
    expect(results.map((r) => [r.orderId, r.allocated])).toEqual([
      [younger.id, false],
      [older.id, true],
    ]);
    expect(results[0]).toMatchObject({ error: { code: "INSUFFICIENT_STOCK", details: { shortages: [{ sku: "SERUM", requested: 5, available: 0, short: 5 }] } } });
    expect((await reservationsOf(older.id)).map((r) => r.quantity)).toEqual([5]);
    expect(await reservationsOf(younger.id)).toEqual([]);
  });

  it("breaks a tie in arrival by order number", async () => {
    await w.stock("SERUM", "S-1", 5, { expiresOn: "2099-01-01" });
    const first = await w.order([{ sku: "SERUM", quantity: 5 }]);
    const second = await w.order([{ sku: "SERUM", quantity: 5 }]);
    const at = new Date(Date.now() - 60_000);
    await receivedAt(first.id, at);
    await receivedAt(second.id, at);
    const results = await allocateOrders(t.db, w.actors.operator, { orders: [{ orderId: second.id }, { orderId: first.id }] });
    expect(results.map((r) => [r.number, r.allocated])).toEqual([
      [second.number, false],
      [first.number, true],
    ]);
  });

  it("refuses duplicates, an empty batch and more than 200 orders with a field error, writing nothing", async () => {
    await w.stock("SERUM", "S-1", 5, { expiresOn: "2099-01-01" });
    const order = await w.order([{ sku: "SERUM", quantity: 1 }]);
    const run = (orders: { orderId: string; version?: number }[]) => () => allocateOrders(t.db, w.actors.operator, { orders });

    const duplicate = await expectRefused(t.db, w.workspace.id, run([{ orderId: order.id }, { orderId: order.id, version: 1 }]), "BAD_INPUT", /^orders: must name each order once$/);
    expect(duplicate.details).toEqual({ issues: [{ field: "orders", message: "must name each order once" }] });
    // The same id in other letters is the same order.
    await expectRefused(t.db, w.workspace.id, run([{ orderId: order.id }, { orderId: order.id.toUpperCase() }]), "BAD_INPUT", /^orders: must name each order once$/);
    const tooMany = Array.from({ length: ALLOCATION_BATCH_MAX + 1 }, (_, i) => ({ orderId: i === 0 ? order.id : randomUUID() }));
    const refused = await expectRefused(t.db, w.workspace.id, run(tooMany), "BAD_INPUT", /^orders: must name at most 200 orders$/);
    expect(refused.details).toEqual({ issues: [{ field: "orders", message: "must name at most 200 orders" }] });
    await expectRefused(t.db, w.workspace.id, run([]), "BAD_INPUT", /^orders: must name at least one order$/);
    await expectRefused(t.db, w.workspace.id, run([{ orderId: "not-a-uuid" }]), "BAD_INPUT", /^orders\[0\]\.orderId: must be an order id$/);
    // 200 is allowed: the order is allocated, the 199 unknown ones are not found.
    const results = await allocateOrders(t.db, w.actors.operator, { orders: tooMany.slice(0, ALLOCATION_BATCH_MAX) });
    expect(results.filter((r) => r.allocated).map((r) => r.orderId)).toEqual([order.id]);
    expect(new Set(results.filter((r) => !r.allocated).map((r) => !r.allocated && r.error.code))).toEqual(new Set(["NOT_FOUND"]));
  });

  it("finds an order named by its id in capitals, alone or in a batch", async () => {
    await w.stock("SERUM", "S-1", 5, { expiresOn: "2099-01-01" });
    const alone = await w.order([{ sku: "SERUM", quantity: 1 }]);
    const batched = await w.order([{ sku: "SERUM", quantity: 1 }]);
    expect(await allocateOrder(t.db, w.actors.operator, { orderId: alone.id.toUpperCase(), version: 1 })).toMatchObject({ id: alone.id, status: "ALLOCATED" });
    const [result] = await allocateOrders(t.db, w.actors.operator, { orders: [{ orderId: batched.id.toUpperCase() }] });
    expect(result).toMatchObject({ orderId: batched.id, allocated: true, status: "ALLOCATED" });
    // The backorder command shares the lock statement.
    const backordered = await w.order([{ sku: "SERUM", quantity: 5 }], { acceptsBackorder: true });
    await allocateOrder(t.db, w.actors.operator, { orderId: backordered.id });
    await w.stock("SERUM", "S-2", 2, { expiresOn: "2099-06-01" });
    expect(await allocateBackorder(t.db, w.actors.operator, { orderId: backordered.id.toUpperCase(), version: 2 })).toMatchObject({ id: backordered.id, version: 3 });
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
  });

  it("forbids a customer, and keeps another workspace's orders out of reach", async () => {
    await w.stock("SERUM", "S-1", 5, { expiresOn: "2099-01-01" });
    const theirs = await w.order([{ sku: "SERUM", quantity: 1 }], { accountCode: "ACME", buyerPo: "PO-1" });
    await expectRefused(t.db, w.workspace.id, () => allocateOrders(t.db, w.actors.customerAcme, { orders: [{ orderId: theirs.id }] }), "FORBIDDEN", /^A customer may not/);
    await expectRefused(t.db, w.workspace.id, () => allocateReceived(t.db, w.actors.customerAcme, {}), "FORBIDDEN", /^A customer may not/);

    const elsewhere = await makeWorkspace(t.db);
    const before = await workspaceSnapshot(t.db, w.workspace.id);
    const [result] = await allocateOrders(t.db, elsewhere.actors.operator, { orders: [{ orderId: theirs.id }] });
    expect(result).toMatchObject({ orderId: theirs.id, number: null, allocated: false, error: { code: "NOT_FOUND" } });
    expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);
  });
});

describe("allocateReceived: Allocate all on the Received lane", () => {
  let w: TestWorkspace;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    await w.product("SERUM");
  });

  it("takes only the received orders the board's filters show, oldest first, and reports the refusals", async () => {
    await w.stock("SERUM", "S-1", 6, { expiresOn: "2099-01-01" });
    // Created first, but it came in after the next one: the lane is served by arrival.
    const acmeLate = await w.order([{ sku: "SERUM", quantity: 4 }], { accountCode: "ACME", buyerPo: "PO-A1" });
    const acmeEarly = await w.order([{ sku: "SERUM", quantity: 4 }], { accountCode: "ACME", buyerPo: "PO-A2" });
    const acmeBackorder = await w.order([{ sku: "SERUM", quantity: 3 }], { accountCode: "ACME", buyerPo: "PO-A3", acceptsBackorder: true });
    const other = await w.order([{ sku: "SERUM", quantity: 1 }], { accountCode: "OTHER", buyerPo: "PO-O1" });
    const consumer = await w.order([{ sku: "SERUM", quantity: 1 }], { channel: "AMAZON" });
    await receivedAt(acmeLate.id, new Date(Date.now() - 2 * 3_600_000));
    await receivedAt(acmeEarly.id, new Date(Date.now() - 3 * 3_600_000));

    const answer = await allocateReceived(t.db, w.actors.operator, { customer: "ACME" });
    expect(answer).toEqual({
      considered: 3,
      allocated: 2,
      withBackorder: 1,
      refusedCount: 1,
      refused: [{ orderId: acmeLate.id, number: acmeLate.number, code: "INSUFFICIENT_STOCK", message: "Not enough usable stock: SERUM short 2 (requested 4, available 2)." }],
      more: false,
    });
    expect((await orderRow(acmeEarly.id)).status).toBe("ALLOCATED");
    expect((await orderRow(acmeBackorder.id)).status).toBe("ALLOCATED");
    expect(await t.db.select({ allocated: orderLines.allocatedQty, backordered: orderLines.backorderedQty }).from(orderLines).where(eq(orderLines.orderId, acmeBackorder.id))).toEqual([{ allocated: 2, backordered: 1 }]);
    // Refused, or outside the filter: untouched.
    for (const o of [other, consumer, acmeLate]) expect(await orderRow(o.id)).toMatchObject({ status: "RECEIVED", version: 1 });

    // Stock arrives; a channel filter takes the Amazon order only.
    await w.stock("SERUM", "S-2", 10, { expiresOn: "2099-06-01" });
    expect(await allocateReceived(t.db, w.actors.operator, { channel: "AMAZON" })).toMatchObject({ considered: 1, allocated: 1, refusedCount: 0, refused: [] });
    expect((await orderRow(consumer.id)).status).toBe("ALLOCATED");
    expect((await orderRow(other.id)).status).toBe("RECEIVED");
    // A search that matches nothing takes nothing; a filter it does not know is refused, not dropped
    // (dropped, it would widen the press to every received order).
    expect(await allocateReceived(t.db, w.actors.operator, { search: "NO-SUCH-ORDER" })).toMatchObject({ considered: 0, allocated: 0 });
    await expectRefused(t.db, w.workspace.id, () => allocateReceived(t.db, w.actors.operator, { custmer: "OTHER" } as never), "BAD_INPUT", /^input: Unrecognized key: "custmer"$/);
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
  });

  it("keeps the fairness rule across its batches of 100: the youngest orders are the ones left short", async () => {
    await w.stock("SERUM", "S-1", 103, { expiresOn: "2099-01-01" });
    const made = [];
    for (let i = 0; i < 105; i++) made.push(await w.order([{ sku: "SERUM", quantity: 1 }]));
    // Arrival opposite to creation, so neither ids nor numbers give the order away.
    const base = Date.now() - 86_400_000;
    await Promise.all(made.map((o, i) => receivedAt(o.id, new Date(base + (made.length - i) * 1_000))));

    const answer = await allocateReceived(t.db, w.actors.operator);
    expect(answer).toMatchObject({ considered: 105, allocated: 103, refusedCount: 2, more: false });
    // The two refused are the two received last: the first two created.
    expect(answer.refused.map((r) => r.orderId).sort()).toEqual([made[0]!.id, made[1]!.id].sort());
    const statuses = await t.db.select({ id: orders.id, status: orders.status }).from(orders).where(inArray(orders.id, made.map((o) => o.id)));
    expect(statuses.filter((s) => s.status === "ALLOCATED")).toHaveLength(103);
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
  });
});

describe("batch allocation over REST and MCP", () => {
  it("POST /orders/allocate answers 200 with each order's result in the order asked", async () => {
    const w = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.stock("SERUM", "S-1", 5, { expiresOn: "2099-01-01" });
    const operator = await apiKey(t.db, w.actors.admin, { role: "operator" });
    const customer = await apiKey(t.db, w.actors.admin, { role: "customer", accountCode: "ACME" });
    const a = await w.order([{ sku: "SERUM", quantity: 3 }]);
    const b = await w.order([{ sku: "SERUM", quantity: 3 }]);
    const unknown = randomUUID();

    const answer = await rest(t.db, "POST", "/orders/allocate", { key: operator, body: { orders: [{ orderId: b.id }, { orderId: unknown }, { orderId: a.id, version: 1 }] } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      results: [
        { orderId: b.id, number: b.number, allocated: false, error: { code: "INSUFFICIENT_STOCK", message: "Not enough usable stock: SERUM short 1 (requested 3, available 2).", details: { shortages: [{ sku: "SERUM", requested: 3, available: 2, short: 1 }] } } },
        { orderId: unknown, number: null, allocated: false, error: { code: "NOT_FOUND", message: `Order ${unknown} was not found.`, details: { subject: "Order", ref: unknown } } },
        { orderId: a.id, number: a.number, allocated: true, status: "ALLOCATED", version: 2, backordered: [] },
      ],
    });

    const before = await workspaceSnapshot(t.db, w.workspace.id);
    const duplicate = await rest(t.db, "POST", "/orders/allocate", { key: operator, body: { orders: [{ orderId: b.id }, { orderId: b.id }] } });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toMatchObject({ code: "BAD_INPUT", errors: [{ field: "orders", message: "must name each order once" }] });
    expect((await rest(t.db, "POST", "/orders/allocate", { key: operator, body: {} })).body).toMatchObject({ code: "BAD_INPUT", errors: [{ field: "orders" }] });
    const forbidden = await rest(t.db, "POST", "/orders/allocate", { key: customer, body: { orders: [{ orderId: b.id }] } });
    expect(forbidden.status).toBe(403);
    expect((await rest(t.db, "POST", "/orders/allocate", { body: { orders: [{ orderId: b.id }] } })).status).toBe(401);
    expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);
  });

  it("the allocate_orders tool works for a staff key, and a customer key is neither offered nor allowed it", async () => {
    const w = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.stock("SERUM", "S-1", 5, { expiresOn: "2099-01-01" });
    const a = await w.order([{ sku: "SERUM", quantity: 2 }], { accountCode: "ACME", buyerPo: "PO-M1" });
    const b = await w.order([{ sku: "SERUM", quantity: 9 }], { acceptsBackorder: true });
    const operator = await mcpClient(t.db, await apiKey(t.db, w.actors.admin, { role: "operator", name: "Batch bot" }));
    const customer = await mcpClient(t.db, await apiKey(t.db, w.actors.admin, { role: "customer", accountCode: "ACME", name: "Acme buyer" }));

    expect((await operator.listTools()).tools.map((tool) => tool.name)).toContain("allocate_orders");
    expect((await customer.listTools()).tools.map((tool) => tool.name)).not.toContain("allocate_orders");
    const before = await workspaceSnapshot(t.db, w.workspace.id);
    const refused = await callRefused(customer, "allocate_orders", { orders: [{ orderId: a.id }] });
    expect(refused.code).toBe("NOT_FOUND");
    expect(refused.text).toMatch(/^NOT_FOUND: There is no tool allocate_orders for this key/);
    expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);

    const answer = await callOk(operator, "allocate_orders", { orders: [{ orderId: b.id }, { orderId: a.id, version: 1 }] });
    expect(answer).toEqual({
      results: [
        { orderId: b.id, number: b.number, allocated: true, status: "ALLOCATED", version: 2, backordered: [{ sku: "SERUM", quantity: 6 }] },
        { orderId: a.id, number: a.number, allocated: true, status: "ALLOCATED", version: 2, backordered: [] },
      ],
    });
    const events = await t.db.select().from(loopEvents).where(and(eq(loopEvents.subjectId, b.id), eq(loopEvents.type, "dcm.order.allocated")));
    expect(events.map((e) => e.actorLabel)).toEqual(["MCP · Batch bot"]);
    expect((await callRefused(operator, "allocate_orders", { orders: [] })).code).toBe("BAD_INPUT");
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
  });
});
