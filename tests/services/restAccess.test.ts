import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeys, fulfillments, reservations, webhookDeliveries } from "../../db/schema";
import { REST_ROUTES } from "../../server/integrations/rest/routes";
import { createApiKey } from "../../server/services/apiKeys/createApiKey";
import { revokeApiKey } from "../../server/services/apiKeys/revokeApiKey";
import { allocateOrder } from "../../server/services/orders/allocateOrder";
import { queueForFulfillment } from "../../server/services/orders/queueForFulfillment";
import { replayWebhookEvents } from "../../server/services/webhooks/deliveries";
import { createWebhookEndpoint } from "../../server/services/webhooks/endpoints";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, SHIP_TO } from "../support/factories";
import { apiKey, fill, rest } from "../support/rest";

const t = useTestDatabase();

type Who = "noKey" | "revokedKey" | "expiredKey" | "admin" | "operator" | "acmeCustomer" | "otherCustomer" | "otherWorkspaceAdmin";
/** ok: past authorization (it may still be refused for its input or state); 404: reads as missing. */
type Expected = "ok" | "401" | "403" | "404";

const NO_KEY = { noKey: "401", revokedKey: "401", expiredKey: "401" } as const;
const EVERYONE: Record<Who, Expected> = { ...NO_KEY, admin: "ok", operator: "ok", acmeCustomer: "ok", otherCustomer: "ok", otherWorkspaceAdmin: "ok" };
/** One ACME order: its account and the workspace's staff see it; anyone else finds nothing. */
const ACME_ORDER: Record<Who, Expected> = { ...EVERYONE, otherCustomer: "404", otherWorkspaceAdmin: "404" };
const STAFF_ON_ORDER: Record<Who, Expected> = { ...ACME_ORDER, acmeCustomer: "403", otherCustomer: "403" };
/** The floor's work (fulfillments, stock): staff of any workspace, each seeing its own rows; customer keys are refused. */
const STAFF: Record<Who, Expected> = { ...EVERYONE, acmeCustomer: "403", otherCustomer: "403" };
/** One fulfillment of this workspace: another workspace's admin finds nothing. */
const STAFF_ON_FULFILLMENT: Record<Who, Expected> = { ...STAFF, otherWorkspaceAdmin: "404" };
const ADMIN_ONLY: Record<Who, Expected> = { ...STAFF, operator: "403" };
/** One webhook endpoint (or delivery) of this workspace: admins only, and another workspace's admin finds nothing. */
const ADMIN_ON_WEBHOOK: Record<Who, Expected> = { ...ADMIN_ONLY, otherWorkspaceAdmin: "404" };

/**
 * Every REST route and who may call it. A route in the table without an expectation here fails
 * the first test, so a new route cannot ship untested.
 */
const MATRIX: Record<string, Record<Who, Expected>> = {
  "POST /orders": EVERYONE,
  "GET /orders": EVERYONE,
  "GET /orders/{orderId}": ACME_ORDER,
  "GET /orders/by-number/{number}": ACME_ORDER,
  "GET /orders/{orderId}/documents": ACME_ORDER,
  "POST /orders/{orderId}/allocate": STAFF_ON_ORDER,
  "POST /orders/{orderId}/release-allocation": STAFF_ON_ORDER,
  "POST /orders/{orderId}/queue": STAFF_ON_ORDER,
  "POST /orders/{orderId}/allocate-backorder": STAFF_ON_ORDER,
  // Each order of the batch is its own result: another workspace's reads as not found inside a 200.
  "POST /orders/allocate": STAFF,
  "POST /orders/{orderId}/cancel": ACME_ORDER,
  "GET /fulfillments": STAFF,
  "GET /fulfillments/{fulfillmentId}": STAFF_ON_FULFILLMENT,
  "GET /fulfillments/{fulfillmentId}/rate-quote": STAFF_ON_FULFILLMENT,
  // Another workspace's ids are simply not in its open pick list (empty); generating one names them: not found.
  "GET /pick-lists": STAFF,
  "POST /pick-lists": STAFF_ON_FULFILLMENT,
  "POST /fulfillments/{fulfillmentId}/picks": STAFF_ON_FULFILLMENT,
  "POST /fulfillments/{fulfillmentId}/short-picks": STAFF_ON_FULFILLMENT,
  "POST /fulfillments/{fulfillmentId}/resolve-short-pick": STAFF_ON_FULFILLMENT,
  "POST /fulfillments/{fulfillmentId}/pack": STAFF_ON_FULFILLMENT,
  "POST /fulfillments/{fulfillmentId}/ship": STAFF_ON_FULFILLMENT,
  "POST /fulfillments/{fulfillmentId}/confirm-delivery": STAFF_ON_FULFILLMENT,
  "POST /fulfillments/{fulfillmentId}/cancel": STAFF_ON_FULFILLMENT,
  "GET /inventory/positions": STAFF,
  "POST /inventory/receipts": STAFF,
  "GET /inventory/lots": STAFF,
  "POST /inventory/lots/qc-status": ADMIN_ONLY,
  "GET /events": EVERYONE,
  "GET /webhook-endpoints": ADMIN_ONLY,
  "POST /webhook-endpoints": ADMIN_ONLY,
  "GET /webhook-endpoints/{endpointId}": ADMIN_ON_WEBHOOK,
  "POST /webhook-endpoints/{endpointId}": ADMIN_ON_WEBHOOK,
  "POST /webhook-endpoints/{endpointId}/rotate-secret": ADMIN_ON_WEBHOOK,
  "GET /webhook-endpoints/{endpointId}/deliveries": ADMIN_ON_WEBHOOK,
  "POST /webhook-deliveries/{deliveryId}/resend": ADMIN_ON_WEBHOOK,
  "POST /webhook-endpoints/{endpointId}/replay": ADMIN_ON_WEBHOOK,
  "POST /edi/inbound": ADMIN_ONLY,
};

describe("REST access matrix", () => {
  it("lists an expectation for every route of the table", () => {
    expect(REST_ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  let keys: Record<Who, string | null>;
  let order: { id: string; number: string };
  let fulfillmentId: string;
  let reservationId: string;
  let endpointId: string;
  let deliveryId: string;
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
  beforeAll(async () => {
    const w = await makeWorkspace(t.db);
    const other = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.stock("SERUM", "L1", 100);
    order = await w.order([{ sku: "SERUM", quantity: 1 }], { accountCode: "ACME", buyerPo: "PO-ACL" });
    const queued = await w.order([{ sku: "SERUM", quantity: 1 }]);
    await allocateOrder(t.db, w.actors.operator, { orderId: queued.id });
    await queueForFulfillment(t.db, w.actors.operator, { orderId: queued.id });
    fulfillmentId = (await t.db.select().from(fulfillments).where(eq(fulfillments.orderId, queued.id)))[0]!.id;
    reservationId = (await t.db.select().from(reservations).where(eq(reservations.orderId, queued.id)))[0]!.id;
    // A subscriber and one delivery owed to it (the replay queues this workspace's events; no worker runs here).
    endpointId = (await createWebhookEndpoint(t.db, w.actors.admin, { url: "https://example.com/hooks" })).id;
    await replayWebhookEvents(t.db, w.actors.admin, { endpointId, since: hourAgo });
    deliveryId = (await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)))[0]!.id;
    const revoked = await createApiKey(t.db, w.actors.admin, { name: "Revoked", role: "admin" });
    await revokeApiKey(t.db, w.actors.admin, { apiKeyId: revoked.id });
    const expired = await createApiKey(t.db, w.actors.admin, { name: "Expired", role: "admin" });
    await t.db.update(apiKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiKeys.id, expired.id));
    keys = {
      noKey: null,
      revokedKey: revoked.secret,
      expiredKey: expired.secret,
      admin: await apiKey(t.db, w.actors.admin, { role: "admin" }),
      operator: await apiKey(t.db, w.actors.admin, { role: "operator" }),
      acmeCustomer: await apiKey(t.db, w.actors.admin, { role: "customer", accountCode: "ACME" }),
      otherCustomer: await apiKey(t.db, w.actors.admin, { role: "customer", accountCode: "OTHER" }),
      otherWorkspaceAdmin: await apiKey(t.db, other.actors.admin, { role: "admin" }),
    };
  });

  it("lets exactly the right keys past authorization, on every route", async () => {
    const failures: string[] = [];
    // Reads before commands, cancel last: a command may move the order, never out of anyone's sight.
    const ordered = Object.entries(MATRIX).sort(([a], [b]) => Number(a.endsWith("/cancel")) - Number(b.endsWith("/cancel")) || Number(a.startsWith("POST")) - Number(b.startsWith("POST")));
    for (const [route, expected] of ordered) {
      const [method, template] = route.split(" ") as [string, string];
      // Query strings a route needs to get past its schema.
      const queries: Record<string, string> = { "GET /fulfillments/{fulfillmentId}/rate-quote": "?carrierCode=UPS&serviceCode=GROUND", "GET /pick-lists": `?fulfillmentIds=${fulfillmentId}` };
      const path = fill(template, { orderId: order.id, number: order.number, fulfillmentId, endpointId, deliveryId }) + (queries[route] ?? "");
      // Bodies of the right shape, so that each call reaches the service's own authorization and lookup.
      const bodies: Record<string, unknown> = {
        "POST /orders": { customerName: "Matrix", shipTo: SHIP_TO, buyerPo: "PO-M", lines: [{ sku: "SERUM", quantity: 1 }] },
        "POST /orders/allocate": { orders: [{ orderId: order.id }] },
        "POST /pick-lists": { fulfillmentIds: [fulfillmentId] },
        "POST /fulfillments/{fulfillmentId}/picks": { reservationId, lotCode: "L1", binCode: "A-01", quantity: 1 },
        "POST /fulfillments/{fulfillmentId}/short-picks": { reservationId, found: 0 },
        "POST /fulfillments/{fulfillmentId}/pack": { packages: [{ weightGrams: 500, lengthMm: 200, widthMm: 150, heightMm: 100 }] },
        "POST /fulfillments/{fulfillmentId}/ship": { carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1ZMATRIX01" },
        "POST /fulfillments/{fulfillmentId}/confirm-delivery": { signer: "Pat Matrix" },
        "POST /fulfillments/{fulfillmentId}/cancel": { reason: "Matrix" },
        "POST /inventory/receipts": { warehouseCode: "DC-T", binCode: "B-01", sku: "SERUM", lotCode: "L9", quantity: 1 },
        "POST /inventory/lots/qc-status": { sku: "SERUM", lotCode: "L1", qcStatus: "RELEASED", reason: "Matrix" },
        "POST /webhook-endpoints": { url: "https://example.com/hooks", eventTypes: ["dcm.order.*"] },
        "POST /webhook-endpoints/{endpointId}": { description: "Matrix" },
        "POST /webhook-endpoints/{endpointId}/replay": { since: hourAgo },
        // A well-formed interchange from a sender no workspace here trades with: past authorization it is refused for its partner.
        "POST /edi/inbound": { interchange: readFileSync("tests/fixtures/edi/850-two-sets.edi", "utf8") },
      };
      const body = bodies[route] ?? {};
      for (const who of Object.keys(expected) as Who[]) {
        const answer = await rest(t.db, method, path, { key: keys[who], body: method === "POST" ? body : undefined });
        const got: Expected = answer.status === 401 ? "401" : answer.status === 403 ? "403" : answer.status === 404 ? "404" : "ok";
        if (got !== expected[who]) failures.push(`${route} as ${who}: expected ${expected[who]}, got ${answer.status} ${answer.body.detail ?? ""}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("tells the holder of a bad key what is wrong with it, and a stranger's order reads exactly like a missing one", async () => {
    expect((await rest(t.db, "GET", "/orders", { key: null })).body.detail).toBe("Send an API key: Authorization: Bearer ll_…");
    expect((await rest(t.db, "GET", "/orders", { key: keys.revokedKey })).body.detail).toBe("This API key was revoked.");
    expect((await rest(t.db, "GET", "/orders", { key: keys.expiredKey })).body.detail).toBe("This API key has expired.");
    const missing = "00000000-0000-4000-8000-000000000000";
    for (const key of [keys.otherCustomer, keys.otherWorkspaceAdmin]) {
      for (const id of [order.id, missing]) {
        const answer = await rest(t.db, "GET", `/orders/${id}`, { key });
        expect({ status: answer.status, code: answer.body.code, detail: answer.body.detail }).toEqual({ status: 404, code: "NOT_FOUND", detail: `Order ${id} was not found.` });
      }
    }
    const theirs = await rest(t.db, "GET", "/orders", { key: keys.otherWorkspaceAdmin });
    expect(theirs.body.rows).toEqual([]);
  });
});
