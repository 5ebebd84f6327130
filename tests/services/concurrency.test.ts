import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { queryRows } from "../../db/client";
import { fulfillments, orderLines, orders } from "../../db/schema";
import { DomainError } from "../../server/domain/errors";
import type { QcStatus } from "../../server/domain/lots";
import { cancelFulfillment } from "../../server/services/fulfillment/cancelFulfillment";
import { confirmDelivery } from "../../server/services/fulfillment/confirmDelivery";
import { confirmPick } from "../../server/services/fulfillment/confirmPick";
import { packFulfillment } from "../../server/services/fulfillment/packFulfillment";
import { recordShipment } from "../../server/services/fulfillment/recordShipment";
import { reportShortPick, resolveShortPick } from "../../server/services/fulfillment/shortPick";
import { generatePickList, pickLines } from "../../server/services/fulfillment/pickList";
import { allocateBackorder, allocateOrder } from "../../server/services/orders/allocateOrder";
import { cancelOrder } from "../../server/services/orders/cancelOrder";
import { queueForFulfillment } from "../../server/services/orders/queueForFulfillment";
import { releaseAllocation } from "../../server/services/orders/releaseAllocation";
import { receiveInventory } from "../../server/services/inventory/receiveInventory";
import { setLotQcStatus } from "../../server/services/inventory/setLotQcStatus";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";
import { auditInventory, NO_VIOLATIONS } from "../../server/services/inventory/audit";

// On Postgres every command below runs on its own pooled connection at the same time; on PGlite
// the same commands interleave on one connection. Either way nothing may oversell.
const t = useTestDatabase();
const EXPECTED_REFUSALS = ["INSUFFICIENT_STOCK", "VERSION_CONFLICT", "INVALID_TRANSITION"];

async function versionOf(orderId: string) {
  const [o] = await t.db.select({ version: orders.version, status: orders.status }).from(orders).where(eq(orders.id, orderId));
  return o!;
}

/** Settles every command; anything but an expected domain refusal (a deadlock, a check violation) fails the test. */
async function settle(commands: Promise<unknown>[]) {
  const results = await Promise.allSettled(commands);
  const unexpected = results.flatMap((r) => (r.status === "rejected" && !(r.reason instanceof DomainError && EXPECTED_REFUSALS.includes(r.reason.code)) ? [r.reason] : []));
  expect(unexpected).toEqual([]);
  return results.filter((r) => r.status === "fulfilled").length;
}

async function reservedTotal(w: TestWorkspace) {
  const [totals] = await queryRows<{ reserved: number; on_hand: number }>(t.db, sql`select coalesce(sum(reserved), 0)::int as reserved, coalesce(sum(on_hand), 0)::int as on_hand from inventory_positions where workspace_id = ${w.workspace.id}`);
  return totals!;
}

describe("allocation under concurrency", () => {
  it("never oversells when many orders race for the last units while others cancel and release", async () => {
    const w = await makeWorkspace(t.db);
    await w.product("SCARCE");
    await w.stock("SCARCE", "L-1", 9, { expiresOn: "2027-03-01", bin: "A-01" });
    await w.stock("SCARCE", "L-2", 7, { expiresOn: "2027-06-01", bin: "B-01" });
    await w.stock("SCARCE", "L-3", 4, { expiresOn: "2027-09-01", bin: "A-01" });

    const made = [];
    for (let i = 0; i < 24; i++) {
      const pinned = i % 6 === 0 ? { lotCode: "L-3" } : {};
      made.push(await w.order([{ sku: "SCARCE", quantity: 1 + (i % 3), ...pinned }], { acceptsBackorder: i % 4 === 0 }));
    }

    // Round 1: everyone allocates at once; a few are cancelled in the same instant.
    await settle([
      ...made.map((o) => allocateOrder(t.db, w.actors.operator, { orderId: o.id, version: 1 })),
      ...made.filter((_, i) => i % 5 === 0).map((o) => cancelOrder(t.db, w.actors.operator, { orderId: o.id, version: 1 })),
    ]);
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
    const afterRound1 = await reservedTotal(w);
    expect(afterRound1.reserved).toBeLessThanOrEqual(20);
    expect(afterRound1.on_hand).toBe(20);

    // Round 2: release or cancel half of what holds stock while the rest retry allocation,
    // and stock arrives at the same time.
    const current = await Promise.all(made.map(async (o) => ({ id: o.id, ...(await versionOf(o.id)) })));
    await settle([
      ...current.map((o, i) => {
        if (o.status === "ALLOCATED") {
          return i % 2 ? releaseAllocation(t.db, w.actors.operator, { orderId: o.id, version: o.version }) : cancelOrder(t.db, w.actors.operator, { orderId: o.id, version: o.version });
        }
        return allocateOrder(t.db, w.actors.operator, { orderId: o.id, version: o.version });
      }),
      // Receipts into lots that allocations are reserving from: receiving must not lock the
      // lot row, or it deadlocks with allocations that key-share it (this once did).
      ...["L-1", "L-2", "L-3"].map((lotCode, i) => receiveInventory(t.db, w.actors.operator, { warehouseCode: "DC-T", binCode: i % 2 ? "A-01" : "B-01", sku: "SCARCE", lotCode, quantity: 1 })),
    ]);
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);

    // Round 3: everything still waiting allocates and queues at once.
    const waiting = await Promise.all(made.map(async (o) => ({ id: o.id, ...(await versionOf(o.id)) })));
    await settle(
      waiting.map((o) =>
        o.status === "RECEIVED"
          ? allocateOrder(t.db, w.actors.operator, { orderId: o.id, version: o.version })
          : queueForFulfillment(t.db, w.actors.operator, { orderId: o.id, version: o.version }),
      ),
    );
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
    const end = await reservedTotal(w);
    expect(end.on_hand).toBe(23);
    expect(end.reserved).toBeLessThanOrEqual(23);
  });

  it("lets exactly one of two operators act on the same order version", async () => {
    const w = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.stock("SERUM", "S-1", 10, { expiresOn: "2027-03-01" });
    const order = await w.order([{ sku: "SERUM", quantity: 4 }]);
    const results = await Promise.allSettled([
      allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 }),
      cancelOrder(t.db, w.actors.admin, { orderId: order.id, version: 1 }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "VERSION_CONFLICT" });
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
  });
});

describe("picking under concurrency", () => {
  it("two fulfillments substituting into the same scarce position never over-reserve it", async () => {
    const w = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.stock("SERUM", "S-SUGGESTED", 20, { expiresOn: "2027-03-01", bin: "A-01" });
    await w.stock("SERUM", "S-SPARE", 5, { expiresOn: "2027-09-01", bin: "B-01" });
    const queuedOrders = [];
    for (let i = 0; i < 4; i++) {
      const o = await w.order([{ sku: "SERUM", quantity: 4 }]);
      await allocateOrder(t.db, w.actors.operator, { orderId: o.id, version: 1 });
      await queueForFulfillment(t.db, w.actors.operator, { orderId: o.id, version: 2 });
      queuedOrders.push(o);
    }
    const fs = await t.db.select().from(fulfillments).where(inArray(fulfillments.orderId, queuedOrders.map((o) => o.id)));
    const lines = await generatePickList(t.db, w.actors.operator, { fulfillmentIds: fs.map((f) => f.id) });
    const picked = await Promise.allSettled(
      lines.map(async (line) => {
        const [f] = await t.db.select().from(fulfillments).where(eq(fulfillments.id, line.fulfillmentId));
        // Every picker takes the spare lot instead: only one of them can have 4 of its 5 units.
        return confirmPick(t.db, w.actors.operator, { fulfillmentId: f!.id, version: f!.version, reservationId: line.reservationId, lotCode: "S-SPARE", binCode: "B-01", quantity: 4 });
      }),
    );
    expect(picked.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of picked) if (r.status === "rejected") expect((r.reason as DomainError).code).toMatch(/INSUFFICIENT_STOCK|VERSION_CONFLICT/);
    expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
  });
});

describe("lock order between receiving and allocating", () => {
  // Needs two live connections to interleave; PGlite has one, so this runs on the server only.
  it.runIf(inject("databaseUrl").startsWith("postgres"))("receiving into a position an allocation holds never deadlocks on the lot", async () => {
    const w = await makeWorkspace(t.db);
    await w.product("LOTTED");
    const position = await w.stock("LOTTED", "LOT-1", 5, { expiresOn: "2027-03-01" });

    let receipt: ReturnType<typeof receiveInventory> | undefined;
    await t.db.transaction(async (allocation) => {
      // As allocateOrder does: hold the position…
      await allocation.execute(sql`select id from inventory_positions where id = ${position.id} for update`);
      // …while a receipt into the same position starts and queues behind it.
      receipt = receiveInventory(t.db, w.actors.operator, { warehouseCode: "DC-T", binCode: "A-01", sku: "LOTTED", lotCode: "LOT-1", quantity: 2 });
      receipt.catch(() => undefined); // judged below, after the holder commits
      await waitUntilSomeoneWaitsForALock();
      // Then key-share the lot, as the reservation's foreign key does. Had the receipt locked
      // the lot, this would close a cycle and Postgres would abort one side.
      await allocation.execute(sql`select id from lots where id = ${position.lotId} for key share`);
    });
    await expect(receipt).resolves.toMatchObject({ onHand: 7 });
  });
});

async function waitUntilSomeoneWaitsForALock() {
  for (let i = 0; i < 100; i++) {
    const [row] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    if (row!.n > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("the receipt never queued behind the held position");
}

type Op =
  | { kind: "receive"; lot: number; bin: number; quantity: number }
  | { kind: "order"; quantity: number; backorder: boolean; pin: number | null }
  | { kind: "allocate" | "release" | "queue" | "cancel"; order: number; stale: boolean }
  | { kind: FulfillmentStep; order: number }
  | { kind: "qc"; lot: number; status: QcStatus };
type FulfillmentStep = "advance" | "cancelFulfillment" | "shortPick";
const ORDER_COMMANDS = { allocate: allocateOrder, release: releaseAllocation, queue: queueForFulfillment, cancel: cancelOrder };

// Weighted towards moving orders on, so that sequences reach shipping and delivery often.
const arbOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("receive" as const), lot: fc.integer({ min: 0, max: 2 }), bin: fc.integer({ min: 0, max: 1 }), quantity: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("order" as const), quantity: fc.integer({ min: 1, max: 6 }), backorder: fc.boolean(), pin: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom("allocate" as const, "release" as const, "queue" as const, "cancel" as const), order: fc.nat(), stale: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("advance" as const), order: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom("cancelFulfillment" as const, "shortPick" as const), order: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("qc" as const), lot: fc.integer({ min: 0, max: 2 }), status: fc.constantFrom("RELEASED" as const, "HOLD" as const, "RECALLED" as const) }) },
);

/** Takes the order one step along its loop, as an operator would; counts what it did. */
async function fulfillmentStep(w: TestWorkspace, orderId: string, kind: FulfillmentStep, done: Record<string, number>) {
  const order = await versionOf(orderId);
  const [f] = await t.db.select().from(fulfillments).where(eq(fulfillments.orderId, orderId)).orderBy(desc(fulfillments.createdAt)).limit(1);
  let step: string;
  if (kind === "advance" && (order.status === "RECEIVED" || order.status === "ALLOCATED")) {
    const command = order.status === "RECEIVED" ? allocateOrder : queueForFulfillment;
    await command(t.db, w.actors.operator, { orderId, version: order.version });
    step = order.status === "RECEIVED" ? "allocated" : "queued";
    done[step] = (done[step] ?? 0) + 1;
    return;
  }
  if (!f) return;
  const ref = { fulfillmentId: f.id, version: f.version };
  if (kind === "cancelFulfillment") {
    await cancelFulfillment(t.db, w.actors.operator, { ...ref, reason: "property test" });
    step = "cancelled";
  } else if (kind === "shortPick") {
    const [line] = await pickLines(t.db, w.workspace.id, [f.id]);
    if (!line) return;
    await reportShortPick(t.db, w.actors.operator, { ...ref, reservationId: line.reservationId, found: 0 });
    step = "short";
  } else if (f.status === "EXCEPTION") {
    await resolveShortPick(t.db, w.actors.operator, ref);
    step = "resolved";
  } else if (f.status === "ALLOCATED" || (f.status === "PICKING" && (await pickLines(t.db, w.workspace.id, [f.id])).length > 0)) {
    for (const line of await generatePickList(t.db, w.actors.operator, { fulfillmentIds: [f.id] })) {
      const [now] = await t.db.select({ version: fulfillments.version }).from(fulfillments).where(eq(fulfillments.id, f.id));
      await confirmPick(t.db, w.actors.operator, { fulfillmentId: f.id, version: now!.version, reservationId: line.reservationId, lotCode: line.lotCode, binCode: line.binCode, quantity: line.quantity });
    }
    step = "picked";
  } else if (f.status === "PICKING") {
    await packFulfillment(t.db, w.actors.operator, { ...ref, packages: [{ weightGrams: 900, lengthMm: 200, widthMm: 150, heightMm: 100 }] });
    step = "packed";
  } else if (f.status === "PACKED") {
    await recordShipment(t.db, w.actors.operator, { ...ref, carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: `1Z${f.id.slice(0, 12)}` });
    step = "shipped";
  } else if (f.status === "SHIPPED") {
    await confirmDelivery(t.db, w.actors.operator, { ...ref, signer: "Front desk" });
    step = "delivered";
  } else if (order.status === "PARTIALLY_SHIPPED") {
    // The backorder: reserve it when stock allows, then send it in another fulfillment.
    const [reserved] = await t.db.select({ id: orderLines.id }).from(orderLines).where(and(eq(orderLines.orderId, orderId), gt(orderLines.allocatedQty, 0))).limit(1);
    const command = reserved ? queueForFulfillment : allocateBackorder;
    await command(t.db, w.actors.operator, { orderId, version: order.version });
    step = reserved ? "requeued" : "backorder";
  } else {
    return;
  }
  done[step] = (done[step] ?? 0) + 1;
}

describe("random command sequences (property)", () => {
  it("keep the inventory invariants after every command, whatever is accepted or refused", async () => {
    const LOTS = ["P-1", "P-2", "P-3"];
    const EXPIRY = ["2027-01-01", "2027-05-01", "2027-09-01"];
    const done: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(fc.array(arbOp, { minLength: 5, maxLength: 40 }), async (ops) => {
        const w = await makeWorkspace(t.db);
        await w.product("PROP");
        await w.stock("PROP", "P-1", 30, { expiresOn: EXPIRY[0] });
        const orderIds: string[] = [];
        for (const op of ops) {
          try {
            if (op.kind === "receive") {
              await receiveInventory(t.db, w.actors.operator, { warehouseCode: "DC-T", binCode: op.bin ? "B-01" : "A-01", sku: "PROP", lotCode: LOTS[op.lot], expiresOn: EXPIRY[op.lot], quantity: op.quantity });
            } else if (op.kind === "qc") {
              await setLotQcStatus(t.db, w.actors.admin, { sku: "PROP", lotCode: LOTS[op.lot]!, qcStatus: op.status, reason: "property test" });
            } else if (op.kind === "order") {
              const pin = op.pin === null ? {} : { lotCode: LOTS[op.pin] };
              orderIds.push((await w.order([{ sku: "PROP", quantity: op.quantity, ...pin }], { acceptsBackorder: op.backorder })).id);
            } else if (orderIds.length && op.kind in ORDER_COMMANDS) {
              const { order: pick, stale } = op as { order: number; stale: boolean };
              const orderId = orderIds[pick % orderIds.length]!;
              const { version } = await versionOf(orderId);
              await ORDER_COMMANDS[op.kind as keyof typeof ORDER_COMMANDS](t.db, w.actors.operator, { orderId, version: stale ? Math.max(1, version - 1) : version });
            } else if (orderIds.length) {
              await fulfillmentStep(w, orderIds[op.order % orderIds.length]!, op.kind as FulfillmentStep, done);
            }
          } catch (e) {
            // Refusals are expected (a pinned lot never received, short stock, stale versions);
            // anything that is not a domain refusal is a bug.
            if (!(e instanceof DomainError)) throw e;
          }
          expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
        }
        // Then stock arrives, and every order is driven on until it closes or is refused,
        // checking after each step: the random part makes the mess, this part makes sure the
        // mess (backorders included) reaches the dock.
        await receiveInventory(t.db, w.actors.operator, { warehouseCode: "DC-T", binCode: "B-01", sku: "PROP", lotCode: "P-ARRIVAL", expiresOn: "2028-06-01", quantity: 60 });
        for (const orderId of orderIds) {
          for (let step = 0; step < 12; step++) {
            try {
              await fulfillmentStep(w, orderId, "advance", done);
            } catch (e) {
              if (!(e instanceof DomainError)) throw e;
              break;
            }
            expect(await auditInventory(t.db, w.workspace.id)).toEqual(NO_VIOLATIONS);
          }
        }
      }),
      { numRuns: 20 },
    );
    // The sequences must really reach the end of the loop, or the property proves little.
    expect(done.shipped ?? 0).toBeGreaterThan(0);
    expect(done.delivered ?? 0).toBeGreaterThan(0);
  });
});
