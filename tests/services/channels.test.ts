import { and, eq } from "drizzle-orm";
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { carrierServices, channelConnections, channelOutbox, intakeMessages, loopEvents, orders, workspaces } from "../../db/schema";
import { handleChannelWebhook } from "../../server/integrations/channels/webhookRoute";
import { allocateOrder } from "../../server/services/orders/allocateOrder";
import { saveChannelConnection } from "../../server/services/channels/connections";
import { processIntakeMessage, replayIntakeMessage, storeIntakeMessage } from "../../server/services/channels/intake";
import { runChannelOutbox } from "../../server/services/channels/outbox";
import { channelWork } from "../../server/services/channels/registry";
import { mapChannelSku } from "../../server/services/channels/skuMap";
import { channelTurn } from "../../server/services/channels/turn";
import { channelOrders, intakeRows, orderEvents, SHOPIFY_DOMAIN, SHOPIFY_SECRET, shopifyOrder, shopifyRequest, shopifySampleRaw, signShopify, SQUARE_KEY, SQUARE_URL, squareNotificationRaw, squareRequest, squareRetrieved } from "../support/channels";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";
import { startFakeShopify } from "../support/fakeShopify";
import { startFakeSquare } from "../support/fakeSquare";
import { shipOrder } from "../support/flows";
import { workspaceSnapshot } from "../support/snapshot";

// Its own database on the Postgres server: the worker turns here take every workspace's due work.
const t = useTestDatabase("channels");
const onServer = inject("databaseUrl").startsWith("postgres");
const TRACKING = "1Z999AA10123456784";

describe("Shopify orders in through the webhook", () => {
  let w: TestWorkspace;
  let shop: Awaited<ReturnType<typeof startFakeShopify>>;
  let connectionId: string;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    await w.product("IPOD2008PINK");
    await w.product("CASE-1");
    shop = await startFakeShopify({ accessToken: "shpat_test", apiVersion: "2026-10", orders: {} });
    const connection = await saveChannelConnection(t.db, w.actors.admin, { kind: "SHOPIFY", name: "Acme shop", shopDomain: SHOPIFY_DOMAIN, warehouseCode: "DC-T", signingSecret: SHOPIFY_SECRET, accessToken: "shpat_test", apiBaseUrl: shop.baseUrl });
    connectionId = connection.id;
  });
  afterEach(async () => {
    await shop.close();
  });

  const send = (request: Request) => handleChannelWebhook(t.db, "SHOPIFY", connectionId, request);

  it("makes one order of a signed orders/create, at the prices charged; the same delivery again is a duplicate", async () => {
    const body = shopifyOrder({ id: 5001, name: "#1001", tax: "31.84", lines: [{ sku: "IPOD2008PINK", quantity: 2, price: "199.00" }, { sku: "CASE-1", quantity: 1, price: "12.50" }] });
    const response = await send(shopifyRequest(body, { webhookId: "wh-1" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ duplicate: false, status: "CREATED" });

    const [order, ...more] = await channelOrders(t.db, connectionId);
    expect(more).toEqual([]);
    expect(order).toMatchObject({ channel: "SHOPIFY", channelReference: "#1001", channelOrderId: "5001", status: "RECEIVED", customerName: "Steve Shipper", shippingMinor: 1000, taxMinor: 3184 });
    expect(order!.lines).toEqual([
      { sku: "IPOD2008PINK", quantity: 2, unitPriceMinor: 19900 },
      { sku: "CASE-1", quantity: 1, unitPriceMinor: 1250 },
    ]);
    expect(order!.totalMinor).toBe(2 * 19900 + 1250 + 1000 + 3184);
    const [row] = await intakeRows(t.db, connectionId);
    expect(row).toMatchObject({ status: "CREATED", topic: "orders/create", dedupeKey: "wh-1", duplicates: 0, outcomes: [{ reference: "#1001", status: "CREATED", orderId: order!.id, orderNumber: order!.number, reasons: [] }] });

    const again = await send(shopifyRequest(body, { webhookId: "wh-1" }));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true, status: "CREATED" });
    expect(await channelOrders(t.db, connectionId)).toHaveLength(1);
    const rows = await intakeRows(t.db, connectionId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.duplicates).toBe(1);
  });

  it("answers 401 and writes nothing for a forged signature, a tampered body or a missing signature header", async () => {
    const before = await workspaceSnapshot(t.db, w.workspace.id);
    const forged = await send(shopifyRequest(shopifySampleRaw, { headers: { "x-shopify-hmac-sha256": signShopify(shopifySampleRaw, "not-the-secret") } }));
    const tampered = await send(shopifyRequest(shopifySampleRaw.replace('"199.00"', '"1.00"'), { headers: { "x-shopify-hmac-sha256": signShopify(shopifySampleRaw) } }));
    const unsigned = await send(shopifyRequest(shopifySampleRaw, { headers: { "x-shopify-hmac-sha256": undefined } }));
    expect([forged.status, tampered.status, unsigned.status]).toEqual([401, 401, 401]);
    expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);
    expect(await intakeRows(t.db, connectionId)).toEqual([]);
  });

  it("stores a signed body that is not JSON as rejected and answers 400", async () => {
    const response = await send(shopifyRequest("{ this is not json"));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "body: is not JSON" });
    const rows = await intakeRows(t.db, connectionId);
    expect(rows.map((r) => [r.status, r.outcomes])).toEqual([["REJECTED", [{ reference: null, status: "REJECTED", reasons: ["body: is not JSON"] }]]]);
    expect(await channelOrders(t.db, connectionId)).toEqual([]);
  });

  it("rejects an order with an unknown SKU naming the line; mapping it and replaying makes the order once", async () => {
    const body = shopifyOrder({ id: 5002, name: "#1002", lines: [{ sku: "IPOD2008PINK", quantity: 1, price: "199.00" }, { sku: "NANO-BLUE", variantId: 4242, quantity: 3, price: "5.00", title: "Nano sleeve" }] });
    expect((await send(shopifyRequest(body))).status).toBe(200);
    const [rejected] = await intakeRows(t.db, connectionId);
    expect(rejected).toMatchObject({ status: "REJECTED", outcomes: [{ reference: "#1002", status: "REJECTED", reasons: ["line 2: unknown SKU NANO-BLUE (Nano sleeve)"] }] });
    expect(await channelOrders(t.db, connectionId)).toEqual([]);

    await mapChannelSku(t.db, w.actors.admin, { connectionId, channelKey: "NANO-BLUE", sku: "CASE-1" });
    const replayed = await replayIntakeMessage(t.db, w.actors.admin, { messageId: rejected!.id });
    expect(replayed.status).toBe("CREATED");
    const [order] = await channelOrders(t.db, connectionId);
    expect(order!.lines).toEqual([
      { sku: "IPOD2008PINK", quantity: 1, unitPriceMinor: 19900 },
      { sku: "CASE-1", quantity: 3, unitPriceMinor: 500 },
    ]);

    const second = await replayIntakeMessage(t.db, w.actors.admin, { messageId: rejected!.id });
    expect(second.status).toBe("CREATED");
    expect(await channelOrders(t.db, connectionId)).toHaveLength(1);
    const [row] = await intakeRows(t.db, connectionId);
    expect(row).toMatchObject({ status: "CREATED", outcomes: [{ status: "CREATED", orderId: order!.id }] });
  });

  it("with the FLAG policy takes the order without the unknown line and flags it", async () => {
    await saveChannelConnection(t.db, w.actors.admin, { connectionId, kind: "SHOPIFY", name: "Acme shop", shopDomain: SHOPIFY_DOMAIN, warehouseCode: "DC-T", unknownSkuPolicy: "FLAG" });
    const body = shopifyOrder({ id: 5003, name: "#1003", lines: [{ sku: "MYSTERY", quantity: 1, price: "3.00", title: "Gift wrap" }, { sku: "IPOD2008PINK", quantity: 1, price: "199.00" }] });
    expect((await send(shopifyRequest(body))).status).toBe(200);
    const [order] = await channelOrders(t.db, connectionId);
    expect(order!.lines).toEqual([{ sku: "IPOD2008PINK", quantity: 1, unitPriceMinor: 19900 }]);
    expect(order!.totalMinor).toBe(19900 + 1000);
    const [row] = await intakeRows(t.db, connectionId);
    expect(row).toMatchObject({ status: "CREATED", outcomes: [{ status: "CREATED", orderId: order!.id, flags: ["line 1: unknown SKU MYSTERY (Gift wrap)"] }] });
  });

  it("takes the customer's shipping line as the requested carrier service when it names one, and flags it when it does not", async () => {
    expect((await send(shopifyRequest(shopifyOrder({ id: 5010, name: "#1010", shippingCode: "ups-ground" })))).status).toBe(200);
    expect((await send(shopifyRequest(shopifyOrder({ id: 5011, name: "#1011", shippingCode: "Standard" })))).status).toBe(200);
    const [ups] = await t.db.select({ service: carrierServices.code }).from(orders).innerJoin(carrierServices, eq(carrierServices.id, orders.requestedServiceId)).where(eq(orders.channelReference, "#1010"));
    expect(ups).toEqual({ service: "GROUND" });
    const [standard] = await t.db.select({ requestedServiceId: orders.requestedServiceId }).from(orders).where(eq(orders.channelReference, "#1011"));
    expect(standard).toEqual({ requestedServiceId: null });
    const rows = await intakeRows(t.db, connectionId);
    expect(rows.find((r) => r.outcomes[0]?.reference === "#1011")!.outcomes[0]!.flags).toEqual(['shipping: "Standard" names no carrier service here; the carrier is chosen at shipment']);
    expect(rows.find((r) => r.outcomes[0]?.reference === "#1010")!.outcomes[0]!.flags).toBeUndefined();
  });

  it("amends an order on orders/updated before allocation, ignores it after, and cancels on orders/cancelled", async () => {
    await w.stock("IPOD2008PINK", "L-1", 20);
    await send(shopifyRequest(shopifyOrder({ id: 5004, name: "#1004" })));
    const [created] = await channelOrders(t.db, connectionId);

    const amended = await send(shopifyRequest(shopifyOrder({ id: 5004, name: "#1004", lines: [{ sku: "CASE-1", quantity: 4, price: "2.00" }] }), { topic: "orders/updated" }));
    expect(await amended.json()).toMatchObject({ status: "AMENDED" });
    const [afterAmend] = await channelOrders(t.db, connectionId);
    expect(afterAmend).toMatchObject({ id: created!.id, number: created!.number, totalMinor: 800 + 1000, lines: [{ sku: "CASE-1", quantity: 4, unitPriceMinor: 200 }] });

    await w.stock("CASE-1", "C-1", 10);
    await allocateOrder(t.db, w.actors.operator, { orderId: created!.id, version: afterAmend!.version });
    const [allocated] = await channelOrders(t.db, connectionId);
    expect(allocated!.status).toBe("ALLOCATED");
    const ignoredAnswer = await send(shopifyRequest(shopifyOrder({ id: 5004, name: "#1004", lines: [{ sku: "IPOD2008PINK", quantity: 9, price: "1.00" }] }), { topic: "orders/updated" }));
    expect(await ignoredAnswer.json()).toMatchObject({ status: "IGNORED" });
    const rows = await intakeRows(t.db, connectionId);
    expect(rows.at(-1)!.outcomes).toEqual([{ reference: "#1004", status: "IGNORED", orderId: created!.id, orderNumber: created!.number, reasons: [`order ${created!.number} is ${allocated!.status}: once stock is reserved, changes are made in Loopline`] }]);
    const [unchanged] = await channelOrders(t.db, connectionId);
    expect(unchanged!.lines).toEqual(allocated!.lines);
    expect(unchanged!.version).toBe(allocated!.version);

    const cancelBody = JSON.stringify({ ...JSON.parse(shopifyOrder({ id: 5004, name: "#1004" })), cancel_reason: "customer", cancelled_at: new Date().toISOString() });
    const cancelled = await send(shopifyRequest(cancelBody, { topic: "orders/cancelled" }));
    expect(await cancelled.json()).toMatchObject({ status: "CANCELLED" });
    const [gone] = await channelOrders(t.db, connectionId);
    expect(gone).toMatchObject({ status: "CANCELLED", cancelReason: "Cancelled at Shopify (customer)" });
  });

  it("when the workspace auto-allocates, the worker allocates new channel orders in a batch, oldest first, and tries a short one once", async () => {
    await t.db.update(workspaces).set({ autoAllocate: true }).where(eq(workspaces.id, w.workspace.id));
    await w.stock("IPOD2008PINK", "L-1", 3);
    // Each order wants 2 (shopifyOrder's line): the stock serves the first only.
    await send(shopifyRequest(shopifyOrder({ id: 5005, name: "#1005" })));
    await send(shopifyRequest(shopifyOrder({ id: 5015, name: "#1015" })));
    const received = await channelOrders(t.db, connectionId);
    expect(received.map((o) => o.status)).toEqual(["RECEIVED", "RECEIVED"]); // the request only stores and creates

    expect(await channelTurn(t.db, new Date())).toBeGreaterThanOrEqual(2);
    const [first, second] = await channelOrders(t.db, connectionId); // oldest first
    expect([first!.channelReference, first!.status, first!.autoAllocateDue]).toEqual(["#1005", "ALLOCATED", false]);
    expect([second!.channelReference, second!.status, second!.autoAllocateDue]).toEqual(["#1015", "RECEIVED", false]);
    const [allocated] = await t.db.select().from(loopEvents).where(and(eq(loopEvents.subjectId, first!.id), eq(loopEvents.type, "dcm.order.allocated")));
    expect(allocated!.actorLabel).toBe("Auto-allocation");

    // Tried once: the next turn leaves the short order to an operator.
    expect(await channelTurn(t.db, new Date())).toBe(0);
  });

  describe("tracking back to Shopify", () => {
    const ORDER_GID = "gid://shopify/Order/5006";
    let orderId: string;
    let fulfillmentId: string;
    beforeEach(async () => {
      await w.stock("IPOD2008PINK", "L-1", 5);
      await shop.close();
      shop = await startFakeShopify({
        accessToken: "shpat_test",
        apiVersion: "2026-10",
        orders: { [ORDER_GID]: [{ id: "gid://shopify/FulfillmentOrder/61", status: "OPEN", lines: [{ id: "gid://shopify/FulfillmentOrderLineItem/611", remainingQuantity: 2, sku: "IPOD2008PINK", variantId: "gid://shopify/ProductVariant/808950810" }] }] },
      });
      await saveChannelConnection(t.db, w.actors.admin, { connectionId, kind: "SHOPIFY", name: "Acme shop", shopDomain: SHOPIFY_DOMAIN, warehouseCode: "DC-T", apiBaseUrl: shop.baseUrl });
      await send(shopifyRequest(shopifyOrder({ id: 5006, name: "#1006" })));
      orderId = (await channelOrders(t.db, connectionId))[0]!.id;
      fulfillmentId = (await shipOrder(t.db, w, orderId, { carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: TRACKING })).id;
    });
    const jobs = () => t.db.select().from(channelOutbox).where(eq(channelOutbox.orderId, orderId));

    it("owes the shop a fulfillment once shipped, and the outbox sends it with the tracking", async () => {
      const [job, ...more] = await jobs();
      expect(more).toEqual([]);
      expect(job).toMatchObject({ action: "SHOPIFY_FULFILLMENT", fulfillmentId, doneAt: null });

      expect(await runChannelOutbox(t.db, channelWork())).toBe(1);
      expect(shop.created).toHaveLength(1);
      const fulfillment = shop.created[0]!.variables.fulfillment as { lineItemsByFulfillmentOrder: unknown; trackingInfo: { company: string; number: string; url: string } };
      // Only what this shipment carried: the one unit ordered, though the fake has two open.
      expect(fulfillment.lineItemsByFulfillmentOrder).toEqual([{ fulfillmentOrderId: "gid://shopify/FulfillmentOrder/61", fulfillmentOrderLineItems: [{ id: "gid://shopify/FulfillmentOrderLineItem/611", quantity: 1 }] }]);
      expect(fulfillment.trackingInfo).toMatchObject({ number: TRACKING, company: "UPS" });
      expect(fulfillment.trackingInfo.url).toContain(TRACKING);
      expect((await jobs())[0]!.doneAt).not.toBeNull();
      const sent = await orderEvents(t.db, orderId, "channel.tracking.sent");
      expect(sent.map((e) => e.payload)).toEqual([{ channel: "SHOPIFY", trackingNumber: TRACKING, fulfillmentId: "gid://shopify/Fulfillment/1", attempts: 1 }]);
      // Nothing is left to do: a second turn takes nothing and sends nothing.
      expect(await runChannelOutbox(t.db, channelWork())).toBe(0);
      expect(shop.created).toHaveLength(1);
    });

    it("keeps the job when Shopify fails, says so once on the timeline, and sends it when it is due again", async () => {
      shop.failNext({ kind: "http", status: 503 });
      const started = new Date();
      await runChannelOutbox(t.db, channelWork());
      const [failed] = await jobs();
      expect(failed).toMatchObject({ doneAt: null, attempts: 1, leaseUntil: null });
      expect(failed!.lastError).toMatch(/503/);
      expect(failed!.nextAttemptAt.getTime()).toBeGreaterThan(started.getTime());
      expect(shop.created).toEqual([]);
      // Not due yet: a turn now leaves it alone.
      expect(await runChannelOutbox(t.db, channelWork())).toBe(0);

      await runChannelOutbox(t.db, channelWork(), new Date(failed!.nextAttemptAt.getTime() + 1_000));
      const [done] = await jobs();
      expect(done).toMatchObject({ attempts: 2, lastError: null });
      expect(done!.doneAt).not.toBeNull();
      expect(shop.created).toHaveLength(1);
      expect(await orderEvents(t.db, orderId, "channel.update.failed")).toHaveLength(1);
      expect((await orderEvents(t.db, orderId, "channel.tracking.sent")).map((e) => e.payload.attempts)).toEqual([2]);
    });
  });
});

describe("Square orders in through the webhook", () => {
  let w: TestWorkspace;
  let square: Awaited<ReturnType<typeof startFakeSquare>>;
  let connectionId: string;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    await w.product("STEAK");
    await w.product("MUG");
    square = await startFakeSquare({ accessToken: "EAAA-test", orders: [squareRetrieved().order] });
    const connection = await saveChannelConnection(t.db, w.actors.admin, { kind: "SQUARE", name: "Cafe", locationId: "FPYCBCHYMXFK1", notificationUrl: SQUARE_URL, signingSecret: SQUARE_KEY, accessToken: "EAAA-test", apiBaseUrl: square.baseUrl, warehouseCode: "DC-T" });
    connectionId = connection.id;
    await mapChannelSku(t.db, w.actors.admin, { connectionId, channelKey: "variation:BSOL4BB6RCMX6SH4KQIFWZDP", sku: "STEAK" });
    await mapChannelSku(t.db, w.actors.admin, { connectionId, channelKey: "variation:KCBKE4ZKQV2BCNRQNHSKN4LH", sku: "MUG" });
  });
  afterEach(async () => {
    await square.close();
  });

  const send = (request: Request) => handleChannelWebhook(t.db, "SQUARE", connectionId, request);

  it("reads the order a signed order.created names from the Orders API and makes it", async () => {
    const response = await send(squareRequest(squareNotificationRaw));
    expect(response.status).toBe(200);
    expect(square.received.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([["GET", "/v2/orders/eA3vssLHKJrv9H0IdJCM3gNqfdcZY", "Bearer EAAA-test"]]);
    const [order, ...more] = await channelOrders(t.db, connectionId);
    expect(more).toEqual([]);
    expect(order).toMatchObject({ channel: "SQUARE", channelReference: "eA3vssLHKJrv9H0IdJCM3gNqfdcZY", customerName: "Jaiden Urie", shippingMinor: 500, taxMinor: 306, totalMinor: 4405 });
    expect(order!.lines).toEqual([
      { sku: "STEAK", quantity: 1, unitPriceMinor: 1599 },
      { sku: "MUG", quantity: 2, unitPriceMinor: 1000 },
    ]);
    const [row] = await intakeRows(t.db, connectionId);
    expect(row).toMatchObject({ status: "CREATED", dedupeKey: "116038d3-2948-439f-8679-fc86dbf80f69", outcomes: [{ status: "CREATED", orderId: order!.id }] });
  });

  it("answers 401 for a signature over another notification URL, and writes nothing", async () => {
    const before = await workspaceSnapshot(t.db, w.workspace.id);
    const response = await send(squareRequest(squareNotificationRaw, { signedUrl: "https://elsewhere.test/hook" }));
    expect(response.status).toBe(401);
    expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);
    expect(await intakeRows(t.db, connectionId)).toEqual([]);
    expect(square.received).toEqual([]);
  });

  it("keeps the message when Square is down, and the worker's later turn makes exactly one order", async () => {
    square.failNext(500);
    const response = await send(squareRequest(squareNotificationRaw));
    expect(response.status).toBe(200);
    const [waiting] = await intakeRows(t.db, connectionId);
    expect(waiting).toMatchObject({ status: "RECEIVED", attempts: 1 });
    expect(await channelOrders(t.db, connectionId)).toEqual([]);
    // Held until its retry time: processing it now does nothing.
    expect(await processIntakeMessage(t.db, waiting!.id)).toBeNull();

    const later = new Date(waiting!.retryAt!.getTime() + 1_000);
    expect(await channelTurn(t.db, later)).toBeGreaterThanOrEqual(1);
    const [done] = await intakeRows(t.db, connectionId);
    expect(done).toMatchObject({ status: "CREATED", attempts: 2 });
    expect(await channelOrders(t.db, connectionId)).toHaveLength(1);
    expect(await processIntakeMessage(t.db, waiting!.id, new Date(later.getTime() + 600_000))).toBeNull();
    expect(await channelOrders(t.db, connectionId)).toHaveLength(1);
    expect((await t.db.select().from(intakeMessages).where(eq(intakeMessages.id, waiting!.id)))[0]!.status).toBe("CREATED");
  });
});

describe("intake that survives a crash (Postgres)", () => {
  let w: TestWorkspace;
  let connectionId: string;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    await w.product("IPOD2008PINK");
    connectionId = (await saveChannelConnection(t.db, w.actors.admin, { kind: "SHOPIFY", name: "Acme shop", shopDomain: SHOPIFY_DOMAIN, warehouseCode: "DC-T", signingSecret: SHOPIFY_SECRET, accessToken: "shpat_test" })).id;
  });

  /** A request process that stores the message and is killed before it processes it. */
  async function storeThenDie(body: string, dedupeKey: string) {
    const child = spawn(process.execPath, ["--import", "tsx", "tests/support/storeIntakeThenDie.ts"], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...process.env, DATABASE_URL: t.url, CONNECTION_ID: connectionId, DEDUPE_KEY: dedupeKey, TOPIC: "orders/create", BODY: body },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, s) => resolve(s)));
    expect(signal, output).toBe("SIGKILL");
    return /stored (\S+)/.exec(output)![1]!;
  }

  it.runIf(onServer)("a message stored by a process that died is finished by the worker once it is 2 s old, as exactly one order", async () => {
    const messageId = await storeThenDie(shopifyOrder({ id: 7001, name: "#7001" }), "wh-crash");
    const [stored] = await t.db.select().from(intakeMessages).where(eq(intakeMessages.id, messageId));
    expect(stored).toMatchObject({ status: "RECEIVED", attempts: 0, connectionId });
    expect(await channelOrders(t.db, connectionId)).toEqual([]);

    // A request may still be processing a message this fresh: the sweep leaves it.
    await channelTurn(t.db, new Date(stored!.receivedAt.getTime() + 1_000));
    expect((await intakeRows(t.db, connectionId))[0]!.status).toBe("RECEIVED");

    await channelTurn(t.db, new Date(stored!.receivedAt.getTime() + 2_500));
    const [row] = await intakeRows(t.db, connectionId);
    const [order, ...more] = await channelOrders(t.db, connectionId);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ status: "CREATED", attempts: 1, outcomes: [{ status: "CREATED", orderId: order!.id }] });
    expect(order).toMatchObject({ channelReference: "#7001", channelOrderId: "7001" });

    await channelTurn(t.db, new Date(stored!.receivedAt.getTime() + 120_000));
    expect(await channelOrders(t.db, connectionId)).toHaveLength(1);
  });

  it.runIf(onServer)("two turns processing one message at once make one order; so do two deliveries of one order at once", async () => {
    const connection = (await t.db.select().from(channelConnections).where(eq(channelConnections.id, connectionId)))[0]!;
    const store = (dedupeKey: string, body: string) => storeIntakeMessage(t.db, connection, { dedupeKey, topic: "orders/create", headers: { "x-shopify-topic": "orders/create", "x-shopify-webhook-id": dedupeKey, "x-shopify-shop-domain": connection.shopDomain! }, body });

    const { message } = await store("wh-race", shopifyOrder({ id: 7002, name: "#7002" }));
    const turns = await Promise.all([processIntakeMessage(t.db, message.id), processIntakeMessage(t.db, message.id)]);
    expect(turns.filter((turn) => turn !== null).map((turn) => turn!.status)).toEqual(["CREATED"]);
    expect(await channelOrders(t.db, connectionId)).toHaveLength(1);

    // Shopify sends one order under two webhook ids: two messages, processed at the same moment.
    const body = shopifyOrder({ id: 7003, name: "#7003" });
    const [a, b] = await Promise.all([store("wh-twin-a", body), store("wh-twin-b", body)]);
    const done = await Promise.all([processIntakeMessage(t.db, a.message.id), processIntakeMessage(t.db, b.message.id)]);
    expect(done.map((d) => d!.status).sort()).toEqual(["CREATED", "DUPLICATE"]);
    const twins = (await channelOrders(t.db, connectionId)).filter((o) => o.channelOrderId === "7003");
    expect(twins).toHaveLength(1);
    expect(done.map((d) => d!.outcomes[0]!.orderId)).toEqual([twins[0]!.id, twins[0]!.id]);
  });
});
