import { createHmac, randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { beforeEach, describe, expect, it } from "vitest";
import { carriers, loopEvents, orders, shipments } from "../../db/schema";
import { handleCarrierWebhook } from "../../server/integrations/carrierWebhook";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";
import { shippedOrder } from "../support/flows";
import { workspaceSnapshot } from "../support/snapshot";

const t = useTestDatabase();
const TRACKING = "1Z999AA10123456784";

/** An EasyPost-style tracker event, signed like EasyPost signs it (or with `secret` to forge). */
function easyPostRequest(secret: string, event: { id?: string; status: string; tracking?: string; signedBy?: string }, rawOverride?: string) {
  const body = rawOverride ?? JSON.stringify({ object: "Event", id: event.id ?? `evt_${randomUUID()}`, description: "tracker.updated", result: { object: "Tracker", tracking_code: event.tracking ?? TRACKING, status: event.status, signed_by: event.signedBy ?? null, updated_at: new Date().toISOString() } });
  const signature = `hmac-sha256-hex=${createHmac("sha256", secret.normalize("NFKD")).update(body).digest("hex")}`;
  return new Request("http://loopline.test/api/webhooks/carriers/x", { method: "POST", body, headers: { "content-type": "application/json", "x-hmac-signature": signature } });
}

/** A generic carrier event signed per Standard Webhooks with the reference library. */
function standardRequest(secret: string, payload: object, id = `msg_${randomUUID()}`, at = new Date()) {
  const body = JSON.stringify(payload);
  const signature = new Webhook(secret).sign(id, at, body);
  return new Request("http://loopline.test/api/webhooks/carriers/x", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature },
  });
}

describe("carrier tracking webhook", () => {
  let w: TestWorkspace;
  let ups: typeof carriers.$inferSelect;
  let shipped: Awaited<ReturnType<typeof shippedOrder>>;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.stock("SERUM", "S-1", 10, { expiresOn: "2027-06-01" });
    ups = (await t.db.select().from(carriers).where(and(eq(carriers.workspaceId, w.workspace.id), eq(carriers.code, "UPS"))))[0]!;
    shipped = await shippedOrder(t.db, w, [{ sku: "SERUM", quantity: 2 }], { carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: TRACKING });
  });

  const send = (request: Request) => handleCarrierWebhook(t.db, ups.id, request);
  const orderStatus = async () => (await t.db.select().from(orders).where(eq(orders.id, shipped.order.id)))[0]!.status;

  it("closes the loop on a signed EasyPost 'delivered' event, with the carrier's proof; a replay changes nothing", async () => {
    const event = { id: "evt_delivered_1", status: "delivered", signedBy: "R. CALDER" };
    const response = await send(easyPostRequest(ups.webhookSecret, event));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ outcome: "applied" });
    expect(await orderStatus()).toBe("CLOSED");
    const [shipment] = await t.db.select().from(shipments).where(eq(shipments.fulfillmentId, shipped.fulfillment.id));
    expect(shipment).toMatchObject({ status: "DELIVERED", proof: { source: "carrier", carrierEvent: "evt_delivered_1", signer: "R. CALDER" } });
    const delivered = await t.db.select().from(loopEvents).where(and(eq(loopEvents.subjectId, shipped.fulfillment.id), eq(loopEvents.type, "scm.fulfillment.delivered")));
    expect(delivered[0]).toMatchObject({ actorLabel: "UPS tracking", payload: { proof: { source: "carrier", signer: "R. CALDER" } } });

    const before = await workspaceSnapshot(t.db, w.workspace.id);
    const replay = await send(easyPostRequest(ups.webhookSecret, event));
    expect(await replay.json()).toEqual({ outcome: "duplicate" });
    expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);
  });

  it("never moves a shipment backwards", async () => {
    expect(await (await send(easyPostRequest(ups.webhookSecret, { status: "out_for_delivery" }))).json()).toEqual({ outcome: "applied" });
    expect(await (await send(easyPostRequest(ups.webhookSecret, { status: "in_transit" }))).json()).toEqual({ outcome: "stale" });
    expect(await (await send(easyPostRequest(ups.webhookSecret, { status: "delivered" }))).json()).toEqual({ outcome: "applied" });
    expect(await (await send(easyPostRequest(ups.webhookSecret, { status: "out_for_delivery" }))).json()).toEqual({ outcome: "stale" });
    const types = await t.db.select({ type: loopEvents.type }).from(loopEvents).where(eq(loopEvents.subjectId, shipped.fulfillment.id)).orderBy(asc(loopEvents.seq));
    expect(types.map((e) => e.type).filter((t) => t.startsWith("scm.shipment") || t.endsWith("delivered"))).toEqual(["scm.shipment.out_for_delivery", "scm.fulfillment.delivered"]);
  });

  it("acknowledges and ignores an unknown tracking number", async () => {
    const response = await send(easyPostRequest(ups.webhookSecret, { status: "delivered", tracking: "1ZUNKNOWN0000000" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ outcome: "unknown_tracking" });
    expect(await orderStatus()).toBe("SHIPPED");
  });

  it("refuses a bad or missing signature with 401 and writes nothing", async () => {
    const before = await workspaceSnapshot(t.db, w.workspace.id);
    expect((await send(easyPostRequest("whsec_not-the-secret", { status: "delivered" }))).status).toBe(401);
    const unsigned = new Request("http://x/", { method: "POST", body: JSON.stringify({ trackingNumber: TRACKING, status: "delivered" }) });
    expect((await send(unsigned)).status).toBe(401);
    const stale = standardRequest(ups.webhookSecret, { trackingNumber: TRACKING, status: "delivered" }, undefined, new Date(Date.now() - 3600_000));
    expect((await send(stale)).status).toBe(401);
    expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);
    expect(await orderStatus()).toBe("SHIPPED");
  });

  it("refuses a malformed body with 400, naming what is missing", async () => {
    const notJson = easyPostRequest(ups.webhookSecret, { status: "x" }, "{not json");
    expect((await send(notJson)).status).toBe(400);
    const missing = easyPostRequest(ups.webhookSecret, { status: "x" }, JSON.stringify({ id: "evt_1", result: { status: "delivered" } }));
    const response = await send(missing);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "malformed tracker event", issues: [{ field: "result.tracking_code" }] });
  });

  it("answers 400 (not a retry-forever 500) for a signed Standard Webhooks body that is not JSON, and for impossible times or sizes", async () => {
    const before = await workspaceSnapshot(t.db, w.workspace.id);
    const id = `msg_${randomUUID()}`;
    const at = new Date();
    const body = "{not json";
    const notJson = new Request("http://x/", {
      method: "POST",
      body,
      headers: { "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": new Webhook(ups.webhookSecret).sign(id, at, body) },
    });
    expect((await send(notJson)).status).toBe(400);
    const refusal = async (payload: object) => {
      const response = await send(standardRequest(ups.webhookSecret, payload));
      expect(response.status).toBe(400);
      return JSON.stringify(await response.json());
    };
    expect(await refusal({ trackingNumber: TRACKING, status: "delivered", occurredAt: "1900-01-01T00:00:00Z" })).toContain("occurredAt");
    const [shipment] = await t.db.select().from(shipments).where(eq(shipments.fulfillmentId, shipped.fulfillment.id));
    expect(await refusal({ trackingNumber: TRACKING, status: "delivered", occurredAt: new Date(shipment!.dispatchedAt.getTime() - 60_000).toISOString() })).toContain("before the shipment was dispatched");
    expect(await refusal({ trackingNumber: TRACKING, status: "delivered", occurredAt: new Date(Date.now() + 86_400_000).toISOString() })).toContain("is in the future");
    expect(await refusal({ trackingNumber: "1".repeat(5_000), status: "delivered" })).toContain(`{"field":"trackingNumber","message":"must be at most 64 characters"}`);
    expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);
    // The refused event left no receipt behind: the carrier's corrected retry is applied.
    expect(await orderStatus()).toBe("SHIPPED");
  });

  it("accepts the generic carrier payload signed per Standard Webhooks", async () => {
    const response = await send(standardRequest(ups.webhookSecret, { trackingNumber: TRACKING, status: "OUT_FOR_DELIVERY", description: "On vehicle for delivery, Newark NJ" }));
    expect(await response.json()).toEqual({ outcome: "applied" });
    const [shipment] = await t.db.select().from(shipments).where(eq(shipments.fulfillmentId, shipped.fulfillment.id));
    expect(shipment?.status).toBe("OUT_FOR_DELIVERY");
    const delivered = await send(standardRequest(ups.webhookSecret, { trackingNumber: TRACKING, status: "delivered", signer: "Dock 3" }));
    expect(await delivered.json()).toEqual({ outcome: "applied" });
    expect(await orderStatus()).toBe("CLOSED");
  });

  it("returns 404 for a carrier that does not exist", async () => {
    const response = await handleCarrierWebhook(t.db, randomUUID(), easyPostRequest(ups.webhookSecret, { status: "delivered" }));
    expect(response.status).toBe(404);
  });
});
