import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../../server/integrations/rest/openapi";
import { REST_ROUTES } from "../../server/integrations/rest/routes";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, SHIP_TO, type TestWorkspace } from "../support/factories";
import { apiKey, BASE, exercised, rest } from "../support/rest";
import { handleRestRequest } from "../../server/integrations/rest/handler";

const t = useTestDatabase();

/**
 * Walks openapi.json: every path and method is called at least once below (checked last), and
 * every answer is validated against the documented schema of its status by `rest()` (ajv, JSON
 * Schema 2020-12, against the document a client would read).
 */
describe("REST contract", () => {
  let w: TestWorkspace;
  let operator: string;
  let customer: string;
  beforeAll(async () => {
    w = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.product("CREAM", { casePackQty: 12 });
    await w.stock("SERUM", "S1", 10);
    operator = await apiKey(t.db, w.actors.admin, { role: "operator" });
    customer = await apiKey(t.db, w.actors.admin, { role: "customer", accountCode: "ACME" });
  });

  it("serves openapi.json without a key: OpenAPI 3.1, bearer security, every route", async () => {
    const response = await handleRestRequest(t.db, new Request(`${BASE}/openapi.json`));
    expect(response.status).toBe(200);
    const doc = (await response.json()) as ReturnType<typeof openApiDocument>;
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(REST_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it("drives an order through every order route, with the documented answers and errors", async () => {
    const b2b = { accountCode: "ACME", buyerPo: "PO-C-1", customerName: "Acme Builders", shipTo: SHIP_TO, deliveryWindow: { start: "2099-01-10", end: "2099-01-20" }, plannedShipDate: "2099-01-05", lines: [{ sku: "SERUM", quantity: 2 }, { sku: "CREAM", quantity: 1, uom: "CASE" }] };

    const bad = await rest(t.db, "POST", "/orders", { key: operator, body: { ...b2b, lines: [b2b.lines[0], { sku: "NOPE-1", quantity: 1 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: "BAD_INPUT", errors: [{ field: "lines[1].sku", message: "unknown SKU NOPE-1" }] });
    const shape = await rest(t.db, "POST", "/orders", { key: operator, body: { ...b2b, lines: [b2b.lines[0], { sku: "", quantity: "two" }] } });
    expect((shape.body.errors as { field: string }[]).map((e) => e.field)).toEqual(["lines[1].sku", "lines[1].quantity"]);

    const created = await rest(t.db, "POST", "/orders", { key: operator, body: b2b });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "RECEIVED", version: 1, paymentTerms: "NET_30", buyerPo: "PO-C-1" });
    expect(created.headers.get("etag")).toBe('"1"');
    const id = created.body.id as string;

    const short = await rest(t.db, "POST", `/orders/${id}/allocate`, { key: operator, body: {} });
    expect(short.status).toBe(422);
    expect(short.body).toMatchObject({ code: "INSUFFICIENT_STOCK", shortages: [{ sku: "CREAM", requested: 12, available: 0, short: 12 }] });
    await w.stock("CREAM", "C1", 24);

    const allocated = await rest(t.db, "POST", `/orders/${id}/allocate`, { key: operator, body: {}, headers: { "if-match": '"1"' } });
    expect(allocated.body).toMatchObject({ status: "ALLOCATED", version: 2 });
    const stale = await rest(t.db, "POST", `/orders/${id}/release-allocation`, { key: operator, body: {}, headers: { "if-match": '"1"' } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: "VERSION_CONFLICT", expected: 1, actual: 2, state: "ALLOCATED" });
    const invalid = await rest(t.db, "POST", `/orders/${id}/allocate`, { key: operator, body: { version: 2 } });
    expect(invalid.body).toMatchObject({ code: "INVALID_TRANSITION", from: "ALLOCATED", to: "ALLOCATED", allowed: expect.arrayContaining(["FULFILLMENT_QUEUED", "CANCELLED"]) });
    expect((await rest(t.db, "POST", `/orders/${id}/release-allocation`, { key: operator, body: { version: 2 } })).body).toMatchObject({ status: "RECEIVED", version: 3 });
    await rest(t.db, "POST", `/orders/${id}/allocate`, { key: operator });
    expect((await rest(t.db, "POST", `/orders/${id}/queue`, { key: operator, body: {} })).body).toMatchObject({ status: "FULFILLMENT_QUEUED" });

    const detail = await rest(t.db, "GET", `/orders/${id}`, { key: operator });
    expect(detail.body).toMatchObject({ status: "FULFILLMENT_QUEUED", warehouseCode: "DC-T", lines: [{ sku: "SERUM", quantity: 2 }, { sku: "CREAM", quantity: 12, uom: "CASE", uomQuantity: 1 }] });
    expect((detail.body.allocation as { binCode?: string }[])[0]!.binCode).toBe("A-01");
    expect((detail.body.fulfillments as unknown[]).length).toBe(1);
    const asCustomer = await rest(t.db, "GET", `/orders/by-number/${encodeURIComponent(created.body.number as string)}`, { key: customer });
    expect(asCustomer.body.id).toBe(id);
    expect(JSON.stringify(asCustomer.body.allocation)).not.toMatch(/binCode|availableBefore/);

    const cancelled = await rest(t.db, "POST", `/orders/${id}/cancel`, { key: customer, body: { reason: "Project postponed" } });
    expect(cancelled.body).toMatchObject({ status: "CANCELLED", cancelReason: "Project postponed" });

    const backorder = await rest(t.db, "POST", "/orders", { key: operator, body: { customerName: "Dana", shipTo: SHIP_TO, acceptsBackorder: true, lines: [{ sku: "SERUM", quantity: 15 }] } });
    await rest(t.db, "POST", `/orders/${backorder.body.id}/allocate`, { key: operator });
    await w.stock("SERUM", "S2", 10);
    const topped = await rest(t.db, "POST", `/orders/${backorder.body.id}/allocate-backorder`, { key: operator, body: {} });
    expect(topped.body).toMatchObject({ status: "ALLOCATED", version: 3 });
  });

  it("pages the list with an opaque cursor and filters by status, channel, account and update time", async () => {
    for (let i = 0; i < 5; i++) await rest(t.db, "POST", "/orders", { key: operator, body: { channel: "SHOPIFY", customerName: `Page ${i}`, shipTo: SHIP_TO, lines: [{ sku: "SERUM", quantity: 1 }] } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof rest>> = await rest(t.db, "GET", `/orders?channel=SHOPIFY&limit=2${cursor ? `&cursor=${cursor}` : ""}`, { key: operator });
      seen.push(...(page.body.rows as { id: string }[]).map((r) => r.id));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const acme = await rest(t.db, "GET", "/orders?accountCode=ACME&status=CANCELLED", { key: operator });
    expect(acme.body.total).toBe(1);
    expect((await rest(t.db, "GET", `/orders?updatedSince=${encodeURIComponent("2099-01-01T00:00:00Z")}`, { key: operator })).body.total).toBe(0);
    expect((await rest(t.db, "GET", "/orders?cursor=bm9wZQ", { key: operator })).body).toMatchObject({ code: "BAD_INPUT", errors: [{ field: "cursor" }] });
    expect((await rest(t.db, "GET", "/orders?limit=ten", { key: operator })).body).toMatchObject({ errors: [{ field: "limit" }] });
  });

  it("feeds the loop events after a cursor, each once, filtered by type, and a customer only its own", async () => {
    const walk = async (key: string, query = "") => {
      const seen: { id: string; type: string; payload: Record<string, unknown> }[] = [];
      let after = "";
      for (;;) {
        const page: Awaited<ReturnType<typeof rest>> = await rest(t.db, "GET", `/events?limit=50${query}${after ? `&after=${encodeURIComponent(after)}` : ""}`, { key });
        expect(page.status).toBe(200);
        const events = page.body.events as (typeof seen)[number][];
        seen.push(...events);
        after = page.body.nextCursor as string;
        if (events.length < 50) return { seen, after };
      }
    };
    const all = await walk(operator);
    expect(new Set(all.seen.map((e) => e.id)).size).toBe(all.seen.length);
    expect(all.seen.some((e) => e.type === "dcm.order.received")).toBe(true);
    const reserved = await walk(operator, "&types=scm.inventory.*");
    expect(reserved.seen.length).toBeGreaterThan(0);
    expect(reserved.seen.every((e) => e.type.startsWith("scm.inventory."))).toBe(true);
    const mine = await walk(customer);
    expect(mine.seen.length).toBeGreaterThan(0);
    expect(mine.seen.length).toBeLessThan(all.seen.length);
    expect(JSON.stringify(mine.seen)).not.toMatch(/availableBefore|positionId/);
    // Nothing new: the cursor stays usable and the page is empty.
    expect((await rest(t.db, "GET", `/events?after=${encodeURIComponent(all.after)}`, { key: operator })).body).toMatchObject({ events: [] });
    expect((await rest(t.db, "GET", "/events?after=garbage", { key: operator })).body).toMatchObject({ code: "BAD_INPUT", errors: [{ field: "after" }] });
  });

  it("answers transport problems as documented: unknown path, wrong method, bad JSON, oversized body", async () => {
    expect((await rest(t.db, "GET", "/nothing", { key: operator })).status).toBe(404);
    const wrong = await rest(t.db, "DELETE", "/orders", { key: operator });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST, GET");
    expect((await rest(t.db, "POST", "/orders", { key: operator, rawBody: "{not json" })).body).toMatchObject({ code: "BAD_INPUT", errors: [{ field: "body" }] });
    const huge = await rest(t.db, "POST", "/orders", { key: operator, rawBody: JSON.stringify({ customerName: "x".repeat(1_100_000) }) });
    expect(huge.status).toBe(413);
  });

  afterAll(() => {
    // Every documented operation was exercised by a test of this file.
    const missing = REST_ROUTES.map((r) => `${r.method} ${r.path}`).filter((op) => !exercised.has(op));
    expect(missing).toEqual([]);
  });
});
