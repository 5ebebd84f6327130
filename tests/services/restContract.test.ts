import { readFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inventoryLedger, inventoryPositions, loopEvents, orders } from "../../db/schema";
import { openApiDocument } from "../../server/integrations/rest/openapi";
import { REST_ROUTES } from "../../server/integrations/rest/routes";
import { Webhook } from "standardwebhooks";
import { saveChannelConnection } from "../../server/services/channels/connections";
import { deliverDueWebhooks } from "../../server/services/webhooks/deliver";
import { dispatchLoopEvents } from "../../server/services/webhooks/dispatch";
import { eventsFeedCaughtUp } from "../support/dispatchCommitted";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, SHIP_TO, type TestWorkspace } from "../support/factories";
import { apiKey, BASE, exercised, rest } from "../support/rest";
import { startReceiver } from "../support/webhookReceiver";
import { handleRestRequest } from "../../server/integrations/rest/handler";

// A database of its own on the Postgres server: the webhook walk runs the delivery worker, which
// takes every workspace's due deliveries and would otherwise take other files' too.
const t = useTestDatabase("rest_contract");

/**
 * Worker turns, as the app's worker runs them, until `done`. Up to 20 s: events are dispatched
 * only below the commit horizon, which any open transaction on the server holds back.
 */
async function deliverUntil(done: () => boolean) {
  for (const deadline = Date.now() + 20_000; !done() && Date.now() < deadline; ) {
    const now = new Date();
    const { read } = await dispatchLoopEvents(t.db, now);
    if (read + (await deliverDueWebhooks(t.db, { now })) === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(done()).toBe(true);
}

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
    const batch = await rest(t.db, "POST", "/orders/allocate", { key: operator, body: { orders: [{ orderId: id }] } });
    expect(batch.body).toMatchObject({ results: [{ orderId: id, allocated: false, error: { code: "INVALID_TRANSITION", details: { from: "CANCELLED", to: "ALLOCATED" } } }] });

    const backorder = await rest(t.db, "POST", "/orders", { key: operator, body: { customerName: "Dana", shipTo: SHIP_TO, acceptsBackorder: true, lines: [{ sku: "SERUM", quantity: 15 }] } });
    await rest(t.db, "POST", `/orders/${backorder.body.id}/allocate`, { key: operator });
    await w.stock("SERUM", "S2", 10);
    const topped = await rest(t.db, "POST", `/orders/${backorder.body.id}/allocate-backorder`, { key: operator, body: {} });
    expect(topped.body).toMatchObject({ status: "ALLOCATED", version: 3 });
  });

  it("drives an order from create to DELIVERED over REST only, and the database agrees", async () => {
    const received = await rest(t.db, "POST", "/inventory/receipts", { key: operator, body: { warehouseCode: "DC-T", binCode: "B-01", sku: "SERUM", lotCode: "W1", expiresOn: "2099-12-31", quantity: 5, reference: "ASN-1" } });
    expect(received.status).toBe(201);
    expect(received.body).toMatchObject({ onHand: 5, reserved: 0 });
    const positions = await rest(t.db, "GET", "/inventory/positions?sku=SERUM&lotCode=W1", { key: operator });
    expect(positions.body.rows).toEqual([expect.objectContaining({ binCode: "B-01", onHand: 5, reserved: 0, available: 5, qcStatus: "RELEASED" })]);
    // Every other SERUM lot on hold, so the walk's order takes W1 and nothing else.
    const serumLots = (await rest(t.db, "GET", "/inventory/lots?sku=SERUM", { key: operator })).body.rows as { code: string; qcStatus: string }[];
    expect(serumLots.map((l) => l.code)).toContain("W1");
    const admin = await apiKey(t.db, w.actors.admin, { role: "admin" });
    const held: string[] = [];
    for (const lot of serumLots.filter((l) => l.code !== "W1" && l.qcStatus === "RELEASED")) {
      const hold = await rest(t.db, "POST", "/inventory/lots/qc-status", { key: admin, body: { sku: "SERUM", lotCode: lot.code, qcStatus: "HOLD", reason: "Walk: isolate lot W1" } });
      expect(hold.body).toMatchObject({ code: lot.code, qcStatus: "HOLD" });
      held.push(lot.code);
    }
    expect((await rest(t.db, "POST", "/inventory/lots/qc-status", { key: operator, body: { sku: "SERUM", lotCode: "W1", qcStatus: "HOLD", reason: "not mine to decide" } })).status).toBe(403);
    expect((await rest(t.db, "GET", "/inventory/lots?qcStatus=HOLD", { key: operator })).body.rows).toHaveLength(held.length);

    const created = await rest(t.db, "POST", "/orders", { key: operator, body: { customerName: "Walk Customer", shipTo: SHIP_TO, lines: [{ sku: "SERUM", quantity: 3 }] } });
    const orderId = created.body.id as string;
    await rest(t.db, "POST", `/orders/${orderId}/allocate`, { key: operator, body: {} });
    await rest(t.db, "POST", `/orders/${orderId}/queue`, { key: operator, body: {} });
    const queue = await rest(t.db, "GET", "/fulfillments?status=ALLOCATED&channel=MANUAL&limit=1000", { key: operator });
    const row = (queue.body.rows as { id: string; orderId: string; units: number }[]).find((r) => r.orderId === orderId)!;
    expect(row.units).toBe(3);
    const fulfillmentId = row.id;

    const generated = await rest(t.db, "POST", "/pick-lists", { key: operator, body: { fulfillmentIds: [fulfillmentId] } });
    const lines = generated.body.lines as { reservationId: string; lotCode: string; binCode: string; quantity: number; fulfillmentVersion: number }[];
    expect(lines).toEqual([expect.objectContaining({ lotCode: "W1", binCode: "B-01", quantity: 3 })]);
    expect((await rest(t.db, "GET", `/pick-lists?fulfillmentIds=${fulfillmentId}`, { key: operator })).body.lines).toEqual(lines);
    const line = lines[0]!;

    const stale = await rest(t.db, "POST", `/fulfillments/${fulfillmentId}/picks`, { key: operator, body: { reservationId: line.reservationId, lotCode: "W1", binCode: "B-01", quantity: 1 }, headers: { "if-match": `"${line.fulfillmentVersion - 1}"` } });
    expect(stale.body).toMatchObject({ code: "VERSION_CONFLICT", actual: line.fulfillmentVersion, state: "PICKING" });
    const short = await rest(t.db, "POST", `/fulfillments/${fulfillmentId}/short-picks`, { key: operator, body: { reservationId: line.reservationId, found: 1 }, headers: { "if-match": `"${line.fulfillmentVersion}"` } });
    expect(short.body).toMatchObject({ status: "EXCEPTION" });
    // The rest turns up after all: picking it returns the fulfillment to PICKING.
    const picked = await rest(t.db, "POST", `/fulfillments/${fulfillmentId}/picks`, { key: operator, body: { reservationId: line.reservationId, lotCode: "W1", binCode: "B-01", quantity: 2 } });
    expect(picked.body).toMatchObject({ status: "PICKING" });
    expect((await rest(t.db, "POST", `/fulfillments/${fulfillmentId}/resolve-short-pick`, { key: operator, body: {} })).body).toMatchObject({ code: "INVALID_TRANSITION" });
    expect((await rest(t.db, "POST", `/fulfillments/${fulfillmentId}/ship`, { key: operator, body: { carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1ZWALK0001" } })).body).toMatchObject({ code: "INVALID_TRANSITION" });

    const packed = await rest(t.db, "POST", `/fulfillments/${fulfillmentId}/pack`, { key: operator, body: { version: picked.body.version, packages: [{ weightGrams: 900, lengthMm: 300, widthMm: 200, heightMm: 100 }] } });
    expect(packed.body).toMatchObject({ status: "PACKED" });
    const quote = await rest(t.db, "GET", `/fulfillments/${fulfillmentId}/rate-quote?carrierCode=UPS&serviceCode=GROUND`, { key: operator });
    expect(quote.body).toMatchObject({ weightGrams: 900, transitDays: 3, currency: "USD" });
    const shipped = await rest(t.db, "POST", `/fulfillments/${fulfillmentId}/ship`, { key: operator, body: { carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1ZWALK0001" }, headers: { "if-match": `"${packed.body.version}"` } });
    expect(shipped.status).toBe(201);
    expect(shipped.body).toMatchObject({ trackingNumber: "1ZWALK0001", costMinor: quote.body.costMinor, status: "IN_TRANSIT" });
    const delivered = await rest(t.db, "POST", `/fulfillments/${fulfillmentId}/confirm-delivery`, { key: operator, body: { signer: "Dana Reyes", note: "Front desk" } });
    expect(delivered.body).toMatchObject({ status: "DELIVERED" });

    const detail = await rest(t.db, "GET", `/fulfillments/${fulfillmentId}`, { key: operator });
    expect(detail.body).toMatchObject({ status: "CLOSED", packages: [{ weightGrams: 900 }], shipment: { shipment: { status: "DELIVERED", proof: { signer: "Dana Reyes" } }, carrierName: expect.any(String) }, picked: [{ lotCode: "W1", binCode: "B-01", quantity: 1, onHandNow: 2 }, { lotCode: "W1", binCode: "B-01", quantity: 2, onHandNow: 2 }] });
    expect(await rest(t.db, "POST", `/fulfillments/${fulfillmentId}/cancel`, { key: operator, body: { reason: "too late" } })).toMatchObject({ status: 409 });
    const documents = await rest(t.db, "GET", `/orders/${orderId}/documents`, { key: operator });
    expect(documents.body).toMatchObject({ packingSlips: [{ fulfillmentNumber: detail.body.number, shipment: { trackingNumber: "1ZWALK0001" }, packages: 1, weightGrams: 900, lines: [{ sku: "SERUM", quantity: 3, lots: [{ lotCode: "W1" }] }] }], invoices: [] });

    const [order] = await t.db.select().from(orders).where(eq(orders.id, orderId));
    expect(order).toMatchObject({ status: "CLOSED" });
    expect(order!.deliveredAt).not.toBeNull();
    const [position] = await t.db.select().from(inventoryPositions).where(eq(inventoryPositions.id, received.body.id as string));
    expect(position).toMatchObject({ onHand: 2, reserved: 0 });
    const ledger = await t.db.select().from(inventoryLedger).where(and(eq(inventoryLedger.positionId, position!.id), eq(inventoryLedger.kind, "SHIPMENT")));
    expect(ledger.map((l) => ({ quantity: l.quantity, reference: l.reference }))).toEqual([{ quantity: -3, reference: "1ZWALK0001" }]);
    const orderEvents = (await t.db.select().from(loopEvents).where(eq(loopEvents.subjectId, orderId)).orderBy(loopEvents.seq)).map((e) => e.toState).filter(Boolean);
    expect(orderEvents).toEqual(["RECEIVED", "ALLOCATED", "FULFILLMENT_QUEUED", "SHIPPED", "DELIVERED", "CLOSED"]);
    const fulfillmentEvents = (await t.db.select().from(loopEvents).where(eq(loopEvents.subjectId, fulfillmentId)).orderBy(loopEvents.seq)).map((e) => e.type);
    expect(fulfillmentEvents).toEqual(expect.arrayContaining(["scm.fulfillment.picked"]));
    expect(fulfillmentEvents.every((t) => t.startsWith("scm.fulfillment."))).toBe(true);
    expect((await t.db.select().from(loopEvents).where(eq(loopEvents.subjectId, fulfillmentId))).map((e) => e.actorLabel)).toContain("API · Test key");

    for (const code of held) await rest(t.db, "POST", "/inventory/lots/qc-status", { key: admin, body: { sku: "SERUM", lotCode: code, qcStatus: "RELEASED", reason: "Walk done" } });
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
    await eventsFeedCaughtUp(t.db); // the walks below must see every event, and nothing newer after them
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

  it("subscribes a webhook endpoint: its secret once and in no read, changes, rotation, signed deliveries in a log that pages without gaps, resend and replay", async () => {
    const admin = await apiKey(t.db, w.actors.admin, { role: "admin" });
    const receiver = await startReceiver();
    try {
      const refused = await rest(t.db, "POST", "/webhook-endpoints", { key: admin, body: { url: "ftp://example.com/hooks", eventTypes: ["dcm.order.*", "not a type"] } });
      expect(refused.status).toBe(400);
      expect((refused.body.errors as { field: string }[]).map((e) => e.field)).toEqual(["url", "eventTypes[1]"]);
      expect((await rest(t.db, "POST", "/webhook-endpoints", { key: operator, body: { url: "https://example.com/hooks" } })).status).toBe(403);

      const created = await rest(t.db, "POST", "/webhook-endpoints", { key: admin, body: { url: receiver.url, description: "ERP", eventTypes: ["dcm.order.*", "dcm.order.*"] } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ url: receiver.url, description: "ERP", eventTypes: ["dcm.order.*"], enabled: true, disabledReason: null, lastSuccessAt: null });
      const secret = created.body.secret as string;
      expect(secret).toMatch(/^whsec_/);
      const id = created.body.id as string;

      const list = await rest(t.db, "GET", "/webhook-endpoints", { key: admin });
      expect((list.body.rows as { id: string }[]).map((r) => r.id)).toContain(id);
      const one = await rest(t.db, "GET", `/webhook-endpoints/${id}`, { key: admin });
      expect(one.body).toMatchObject({ id, url: receiver.url });
      expect(JSON.stringify([list.body, one.body])).not.toMatch(/whsec_|"secret"/);
      expect((await rest(t.db, "GET", "/webhook-endpoints/00000000-0000-4000-8000-000000000000", { key: admin })).status).toBe(404);

      const changed = await rest(t.db, "POST", `/webhook-endpoints/${id}`, { key: admin, body: { description: "ERP orders", eventTypes: ["dcm.order.received"] } });
      expect(changed.body).toMatchObject({ description: "ERP orders", eventTypes: ["dcm.order.received"], url: receiver.url, enabled: true });
      expect(changed.body).not.toHaveProperty("secret");
      const rotated = await rest(t.db, "POST", `/webhook-endpoints/${id}/rotate-secret`, { key: admin });
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(secret);
      const overlap = new Date(rotated.body.previousSecretExpiresAt as string).getTime() - Date.now();
      expect(overlap).toBeGreaterThan(23 * 3_600_000);
      expect((await rest(t.db, "GET", `/webhook-endpoints/${id}`, { key: admin })).body.previousSecretExpiresAt).toBe(rotated.body.previousSecretExpiresAt);

      const ordersFrom = new Date().toISOString();
      const placed: string[] = [];
      for (let i = 0; i < 3; i++) placed.push((await rest(t.db, "POST", "/orders", { key: operator, body: { customerName: `Hook ${i}`, shipTo: SHIP_TO, lines: [{ sku: "SERUM", quantity: 1 }] } })).body.id as string);
      await deliverUntil(() => receiver.received.length >= 3);
      for (const key of [secret, rotated.body.secret as string]) {
        const verified = receiver.received.map((m) => new Webhook(key).verify(m.body, m.headers as Record<string, string>) as { type: string; subject: { id: string } });
        expect(verified.map((e) => e.subject.id).sort()).toEqual([...placed].sort());
        expect(verified.every((e) => e.type === "dcm.order.received")).toBe(true);
      }

      const log = await rest(t.db, "GET", `/webhook-endpoints/${id}/deliveries`, { key: admin });
      const rows = log.body.rows as { id: string; status: string; attempts: number; lastStatusCode: number; event: { id: string; type: string; number: string }; attemptLog: { statusCode: number; response: string }[] }[];
      expect(rows).toHaveLength(3);
      expect(log.body.nextBefore).toBeNull();
      expect(rows.every((d) => d.status === "SUCCEEDED" && d.attempts === 1 && d.lastStatusCode === 200 && d.event.type === "dcm.order.received")).toBe(true);
      expect(rows[0]!.attemptLog).toEqual([expect.objectContaining({ statusCode: 200, response: "ok" })]);
      expect(rows[0]!.event.number).toMatch(/-ORD-/);
      expect((await rest(t.db, "GET", `/webhook-endpoints/${id}/deliveries?status=FAILED`, { key: admin })).body.rows).toEqual([]);

      const resent = await rest(t.db, "POST", `/webhook-deliveries/${rows[0]!.id}/resend`, { key: admin });
      expect(resent.body).toMatchObject({ id: rows[0]!.id, status: "PENDING" });
      await deliverUntil(() => receiver.received.length >= 4);
      expect(receiver.received[3]!.headers["webhook-id"]).toBe(rows[0]!.event.id);
      const again = (await rest(t.db, "GET", `/webhook-endpoints/${id}/deliveries?status=SUCCEEDED&limit=100`, { key: admin })).body.rows as typeof rows;
      expect(again.find((d) => d.id === rows[0]!.id)).toMatchObject({ attempts: 2, attemptLog: [{ statusCode: 200 }, { statusCode: 200 }] });

      // A replay writes all its deliveries in one transaction, at one instant: the log still pages through each exactly once.
      const replayOnly = await rest(t.db, "POST", "/webhook-endpoints", { key: admin, body: { url: "https://example.com/hooks", enabled: false } });
      const since = new Date(Date.now() - 3_600_000).toISOString();
      const replayed = await rest(t.db, "POST", `/webhook-endpoints/${replayOnly.body.id}/replay`, { key: admin, body: { since } });
      expect(replayed.body.events).toBeGreaterThan(5);
      const seen: string[] = [];
      let before: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof rest>> = await rest(t.db, "GET", `/webhook-endpoints/${replayOnly.body.id}/deliveries?limit=2${before ? `&before=${before}` : ""}`, { key: admin });
        seen.push(...(page.body.rows as { id: string }[]).map((r) => r.id));
        before = page.body.nextBefore as string | null;
      } while (before);
      expect(seen).toHaveLength(replayed.body.events as number);
      expect(new Set(seen).size).toBe(seen.length);
      expect((await rest(t.db, "GET", `/webhook-endpoints/${id}/deliveries?before=${seen[0]}`, { key: admin })).body).toMatchObject({ code: "BAD_INPUT", errors: [{ field: "before" }] });

      expect((await rest(t.db, "POST", `/webhook-endpoints/${id}/replay`, { key: admin, body: { since: "2099-01-01T00:00:00Z" } })).body).toMatchObject({ code: "BAD_INPUT", errors: [{ field: "since" }] });
      expect((await rest(t.db, "POST", `/webhook-endpoints/${id}/replay`, { key: admin, body: { since: ordersFrom } })).body).toEqual({ events: 3 });
      await deliverUntil(() => receiver.received.length >= 7);
      expect(new Set(receiver.received.slice(4).map((m) => m.headers["webhook-id"]))).toEqual(new Set(rows.map((d) => d.event.id)));
    } finally {
      await receiver.close();
    }
  });

  it("takes an X12 interchange raw or as JSON from an admin key: outcomes, the 997, a duplicate, and the documented problems", async () => {
    const admin = await apiKey(t.db, w.actors.admin, { role: "admin" });
    await saveChannelConnection(t.db, w.actors.admin, { kind: "EDI", name: "Acme Retail", accountCode: "ACME", partnerQualifier: "ZZ", partnerId: "ACMEBUYER", ourQualifier: "ZZ", ourId: "LOOPLINE" });
    const x12 = readFileSync("tests/fixtures/edi/850-two-sets.edi", "utf8");
    const raw = await rest(t.db, "POST", "/edi/inbound", { key: admin, rawBody: x12, headers: { "content-type": "application/edi-x12" } });
    expect(raw.status).toBe(200);
    // Nothing is mapped for this partner: both purchase orders are refused, each with why, and the 997 says so.
    expect(raw.body).toMatchObject({ duplicate: false, status: "REJECTED", outcomes: [{ reference: "PO-4471", status: "REJECTED" }, { reference: "set 0002", status: "REJECTED" }] });
    expect(raw.body.acknowledgment).toMatch(/^ISA\*.*~AK9\*R\*2\*2\*0~/s);
    const json = await rest(t.db, "POST", "/edi/inbound", { key: admin, body: { interchange: x12 } });
    expect(json.body).toMatchObject({ messageId: raw.body.messageId, duplicate: true, acknowledgment: raw.body.acknowledgment });
    expect((await rest(t.db, "POST", "/edi/inbound", { key: admin, body: {} })).body).toMatchObject({ code: "BAD_INPUT", errors: [{ field: "interchange" }] });
    expect((await rest(t.db, "POST", "/edi/inbound", { key: operator, body: { interchange: x12 } })).status).toBe(403);
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
