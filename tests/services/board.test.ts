import { asc, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client";
import { loopEvents } from "../../db/schema";
import { DomainError } from "../../server/domain/errors";
import { releaseToPicking } from "../../server/services/fulfillment/releaseToPicking";
import { allocateOrder } from "../../server/services/orders/allocateOrder";
import { loadBoard } from "../../server/services/orders/board";
import { orderSearch } from "../../server/services/orders/scope";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";
import { fulfillmentOf, shippedOrder } from "../support/flows";
import { workspaceSnapshot } from "../support/snapshot";

const t = useTestDatabase();

describe("board", () => {
  let w: TestWorkspace;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.product("MASK");
    await w.stock("SERUM", "S-1", 50, { expiresOn: "2028-01-01" });
    await w.stock("MASK", "M-1", 50, { expiresOn: "2028-01-01" });
  });

  it("shows each order in its column with counts from the database and the badges an operator needs", async () => {
    const inbox = await w.order([{ sku: "SERUM", quantity: 1 }, { sku: "MASK", quantity: 2 }], { channel: "SHOPIFY" });
    const b2b = await w.order([{ sku: "SERUM", quantity: 2 }], { accountCode: "ACME", buyerPo: "PO-77" });
    await allocateOrder(t.db, w.actors.operator, { orderId: b2b.id, version: 1 });
    const { order: shipped } = await shippedOrder(t.db, w, [{ sku: "MASK", quantity: 1 }], { carrierCode: "FEDEX", serviceCode: "GROUND", trackingNumber: "794600000001" });
    const backordered = await w.order([{ sku: "MASK", quantity: 60 }], { acceptsBackorder: true, channel: "AMAZON" });
    await allocateOrder(t.db, w.actors.operator, { orderId: backordered.id, version: 1 });

    const board = await loadBoard(t.db, w.actors.operator);
    expect(board.counts).toEqual({ inbox: 1, allocated: 2, fulfillment: 0, shipped: 1, done: 0 });
    expect(board.cards.inbox.map((c) => [c.number, c.skuCount, c.b2b, c.backordered])).toEqual([[inbox.number, 2, false, false]]);
    expect(board.cards.allocated.map((c) => c.number)).toEqual([b2b.number, backordered.number]); // oldest first
    expect(board.cards.allocated[0]).toMatchObject({ b2b: true, accountName: "Acme Builders", fulfillment: null });
    expect(board.cards.allocated[1]).toMatchObject({ backordered: true, b2b: false });
    expect(board.cards.shipped[0]).toMatchObject({ id: shipped.id, fulfillment: { status: "SHIPPED" } });

    // Paging shows fewer cards, never a smaller count; filters narrow both.
    const firstOnly = await loadBoard(t.db, w.actors.operator, { show: { allocated: 1 } });
    expect([firstOnly.counts.allocated, firstOnly.cards.allocated.length]).toEqual([2, 1]);
    expect((await loadBoard(t.db, w.actors.operator, { channel: "AMAZON" })).counts).toEqual({ inbox: 0, allocated: 1, fulfillment: 0, shipped: 0, done: 0 });
    expect((await loadBoard(t.db, w.actors.operator, { customer: "ACME" })).counts.allocated).toBe(1);
    expect((await loadBoard(t.db, w.actors.operator, { search: "PO-77" })).cards.allocated.map((c) => c.id)).toEqual([b2b.id]);
    expect((await loadBoard(t.db, w.actors.operator, { warehouse: "NOWHERE" })).counts.allocated).toBe(0);

    const stranger = await makeWorkspace(t.db);
    expect((await loadBoard(t.db, stranger.actors.admin)).counts).toEqual({ inbox: 0, allocated: 0, fulfillment: 0, shipped: 0, done: 0 });
    await expect(loadBoard(t.db, w.actors.customerAcme)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("searches for the text as typed, with a trigram index rather than a scan of every order", async () => {
    const percent = await w.order([{ sku: "SERUM", quantity: 1 }], { accountCode: "ACME", buyerPo: "PO-50%" });
    const other = await w.order([{ sku: "SERUM", quantity: 1 }], { accountCode: "ACME", buyerPo: "PO-5077" });
    const found = async (search: string) => (await loadBoard(t.db, w.actors.operator, { search })).cards.inbox.map((c) => c.id).sort();
    expect(await found("PO-50%")).toEqual([percent.id]); // "%" is a character here, not a wildcard
    expect(await found("PO-50")).toEqual([percent.id, other.id].sort());
    expect(await found("po_50")).toEqual([]); // nor is "_"

    // With scans priced out, the planner can answer the search from the orders_search_* indexes only if they exist and fit the query.
    const plan = await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return queryRows<{ "QUERY PLAN": string }>(tx, sql`explain select id from orders where ${orderSearch("Customer 42")}`);
    });
    const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
    for (const index of ["orders_search_number", "orders_search_customer_name", "orders_search_buyer_po", "orders_search_channel_reference"]) expect(text).toContain(index);
  });

  it("releases an allocated order to picking in one command: queued, fulfillment picking, events in one transaction", async () => {
    const order = await w.order([{ sku: "SERUM", quantity: 3 }]);
    await allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 });

    const before = await workspaceSnapshot(t.db, w.workspace.id);
    const stale = await releaseToPicking(t.db, w.actors.operator, { orderId: order.id, version: 1 }).catch((e: unknown) => e);
    expect((stale as DomainError).code).toBe("VERSION_CONFLICT");
    expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);

    const queued = await releaseToPicking(t.db, w.actors.operator, { orderId: order.id, version: 2 });
    expect(queued.status).toBe("FULFILLMENT_QUEUED");
    const f = await fulfillmentOf(t.db, order.id);
    expect(f.status).toBe("PICKING");
    const events = await t.db.select().from(loopEvents).where(eq(loopEvents.workspaceId, w.workspace.id)).orderBy(asc(loopEvents.seq));
    expect(events.slice(-3).map((e) => e.type)).toEqual(["scm.fulfillment.created", "dcm.order.fulfillment_queued", "scm.fulfillment.picking"]);

    const board = await loadBoard(t.db, w.actors.operator);
    expect(board.cards.fulfillment[0]).toMatchObject({ id: order.id, fulfillment: { id: f.id, status: "PICKING", number: f.number } });
  });
});
