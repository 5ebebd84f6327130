import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { decimalToMinor } from "@/server/integrations/channels/decimalMoney";
import { shopifyCancelled, shopifyOrderToDraft, shopifyWebhookMeta, verifyShopifyWebhook } from "@/server/integrations/channels/shopify";
import { pushShopifyFulfillment } from "@/server/integrations/channels/shopifyFulfillment";
import { ChannelPushError } from "@/server/integrations/channels/pushError";
import { startFakeShopify } from "@/tests/support/fakeShopify";

const raw = readFileSync(path.join(import.meta.dirname, "../fixtures/shopify/orders-create.json"));
const sample = () => JSON.parse(raw.toString("utf8")) as Record<string, any>;
const secret = "hush-client-secret";
const sign = (body: Buffer | string, key = secret) => createHmac("sha256", key).update(body).digest("base64");

describe("verifyShopifyWebhook", () => {
  it("accepts the raw body signed with the secret, as a Buffer or a string", () => {
    expect(verifyShopifyWebhook(secret, raw, sign(raw))).toBe(true);
    expect(verifyShopifyWebhook(secret, raw.toString("utf8"), sign(raw))).toBe(true);
  });

  it("refuses a tampered body, a wrong secret, a missing header, a header of the wrong length or garbage", () => {
    const tampered = Buffer.from(raw.toString("utf8").replace('"199.00"', '"1.00"'));
    expect(verifyShopifyWebhook(secret, tampered, sign(raw))).toBe(false);
    expect(verifyShopifyWebhook(secret, raw, sign(raw, "another-secret"))).toBe(false);
    expect(verifyShopifyWebhook(secret, raw, null)).toBe(false);
    expect(verifyShopifyWebhook(secret, raw, "")).toBe(false);
    expect(verifyShopifyWebhook(secret, raw, sign(raw).slice(0, -2))).toBe(false);
    expect(verifyShopifyWebhook(secret, raw, `${sign(raw)}AA`)).toBe(false);
    expect(verifyShopifyWebhook(secret, raw, "not base64 at all, and \u00e9")).toBe(false);
    // The hex digest is the right HMAC written the wrong way: not Shopify's header.
    expect(verifyShopifyWebhook(secret, raw, createHmac("sha256", secret).update(raw).digest("hex"))).toBe(false);
  });
});

describe("shopifyWebhookMeta", () => {
  const headers = (extra: Record<string, string> = {}) =>
    new Headers({
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Shop-Domain": "Loopline-Test.myshopify.com",
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
      "X-Shopify-Triggered-At": "2026-11-23T15:00:00.000Z",
      ...extra,
    });

  it("deduplicates on the event id when there is one, else on the webhook id", () => {
    const withEvent = shopifyWebhookMeta(headers({ "X-Shopify-Event-Id": "98880550-7158-44d4-b7cd-2c97c8a091b5" }));
    expect(withEvent).toEqual({
      ok: true,
      meta: {
        topic: "orders/create",
        shopDomain: "loopline-test.myshopify.com",
        apiVersion: "2026-10",
        webhookId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
        eventId: "98880550-7158-44d4-b7cd-2c97c8a091b5",
        triggeredAt: "2026-11-23T15:00:00.000Z",
        dedupeKey: "98880550-7158-44d4-b7cd-2c97c8a091b5",
      },
    });
    const withoutEvent = shopifyWebhookMeta(headers());
    expect(withoutEvent.ok && withoutEvent.meta.dedupeKey).toBe("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
  });

  it("names each missing header", () => {
    const result = shopifyWebhookMeta(new Headers({ "X-Shopify-Shop-Domain": "x.myshopify.com" }));
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: "X-Shopify-Topic", message: "is missing" },
        { field: "X-Shopify-Webhook-Id", message: "is missing" },
      ],
    });
  });
});

describe("decimalToMinor", () => {
  it("converts exactly, with no float on the way", () => {
    expect(decimalToMinor("19.99", "USD")).toEqual({ ok: true, minor: 1999 });
    expect(decimalToMinor("0.1", "USD")).toEqual({ ok: true, minor: 10 });
    expect(decimalToMinor("1.005", "KWD")).toEqual({ ok: true, minor: 1005 });
    expect(decimalToMinor("1500", "JPY")).toEqual({ ok: true, minor: 1500 });
    expect(decimalToMinor("1500.00", "JPY")).toEqual({ ok: true, minor: 1500 });
    expect(decimalToMinor("4.35", "USD")).toEqual({ ok: true, minor: 435 }); // 4.35 * 100 is 434.99999999999994
  });

  it("refuses more decimals than the currency has, and anything not a plain amount", () => {
    expect(decimalToMinor("19.999", "USD")).toMatchObject({ ok: false, message: "19.999 has more decimals than USD has (2)" });
    expect(decimalToMinor("1500.5", "JPY").ok).toBe(false);
    for (const bad of ["-1.00", "1e3", "1,000.00", "", "12.", ".5", "NaN"]) expect(decimalToMinor(bad, "USD").ok).toBe(false);
  });
});

describe("shopifyOrderToDraft", () => {
  it("maps Shopify's documented orders/create sample", () => {
    const result = shopifyOrderToDraft(sample());
    expect(result).toEqual({
      ok: true,
      channelOrderId: "820982911946154508",
      draft: {
        reference: "#9999",
        customerName: "Steve Shipper",
        customerEmail: "jon@example.com",
        shipTo: { name: "Steve Shipper", line1: "123 Shipping Street", line2: undefined, city: "Shippington", region: "KY", postalCode: "40003", country: "US" },
        currency: "USD",
        orderDate: "2021-12-31",
        shippingMethodCode: undefined,
        shippingMinor: 1000,
        taxMinor: 0,
        lines: [
          { lineNo: 1, itemKeys: ["IPOD2008PINK", "variant:808950810"], title: "IPod Nano - 8GB", quantity: 1, uom: "EACH", unitPriceMinor: 19900 },
          { lineNo: 2, itemKeys: ["IPOD2008PINK", "variant:808950810"], title: "IPod Nano - 8GB", quantity: 1, uom: "EACH", unitPriceMinor: 19900 },
        ],
      },
    });
  });

  it("sums shipping lines in minor units, so 0.10 + 0.20 is 30, not 30.000000000000004", () => {
    const body = sample();
    body.shipping_lines = [
      { code: "EXPRESS", title: "Express", price: "0.10" },
      { code: "INSURANCE", title: "Insurance", price: "0.20" },
    ];
    body.total_tax = "1.15";
    body.line_items[0].price = "4.35";
    const result = shopifyOrderToDraft(body);
    expect(result.ok && [result.draft.shippingMinor, result.draft.shippingMethodCode, result.draft.taxMinor, result.draft.lines[0]!.unitPriceMinor]).toEqual([30, "EXPRESS", 115, 435]);
  });

  it("skips an empty SKU, leaves out lines that need no shipping, and keeps the channel's numbering", () => {
    const body = sample();
    body.line_items[0].sku = "";
    body.line_items[1].requires_shipping = false;
    body.line_items.push({ ...body.line_items[0], sku: null, variant_id: 42, name: "Rose serum 50 ml", quantity: 3, price: "12.50", requires_shipping: true });
    const result = shopifyOrderToDraft(body);
    expect(result.ok && result.draft.lines.map((l) => [l.lineNo, l.itemKeys, l.quantity, l.unitPriceMinor])).toEqual([
      [1, ["variant:808950810"], 1, 19900],
      [3, ["variant:42"], 3, 1250],
    ]);
  });

  it("falls back to the customer's name, and takes a withheld (null) e-mail as none", () => {
    const body = sample();
    body.shipping_address = { ...body.shipping_address, name: null, first_name: null, last_name: null };
    body.email = null;
    body.contact_email = null;
    body.customer.email = null;
    const result = shopifyOrderToDraft(body);
    expect(result.ok && [result.draft.customerName, result.draft.customerEmail]).toEqual(["John Smith", undefined]);
  });

  it("refuses a digital-only order (no shipping address), naming shipping_address", () => {
    const body = sample();
    body.shipping_address = null;
    const result = shopifyOrderToDraft(body);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(["shipping_address"]);
  });

  it("names each bad field as Shopify does", () => {
    const body = sample();
    body.shipping_address.zip = null;
    body.shipping_address.country_code = "USA";
    expect(shopifyOrderToDraft(body)).toMatchObject({
      ok: false,
      errors: [
        { field: "shipping_address.zip", message: "is required" },
        { field: "shipping_address.country_code", message: "must be a two-letter country code" },
      ],
    });
    const prices = sample();
    prices.line_items[1].price = "19.999";
    prices.line_items[0].quantity = 0;
    expect(shopifyOrderToDraft(prices)).toMatchObject({ ok: false, errors: [{ field: "line_items[0].quantity" }] });
    delete prices.line_items[0].quantity;
    prices.line_items[0].quantity = 1;
    expect(shopifyOrderToDraft(prices)).toEqual({ ok: false, errors: [{ field: "line_items[1].price", message: "19.999 has more decimals than USD has (2)" }] });
    const custom = sample();
    custom.line_items[0].sku = null;
    custom.line_items[0].variant_id = null;
    expect(shopifyOrderToDraft(custom)).toMatchObject({ ok: false, errors: [{ field: "line_items[0]" }] });
    expect(shopifyOrderToDraft("not an order")).toMatchObject({ ok: false });
    // Past 2^53 the number JSON.parse gives is not the order's id; only the gid is exact.
    const bigId = JSON.parse(raw.toString("utf8").replace(/"admin_graphql_api_id": "gid:\/\/shopify\/Order\/\d+",/, ""));
    expect(shopifyOrderToDraft(bigId)).toMatchObject({ ok: false, errors: [{ field: "id" }] });
  });
});

describe("shopifyCancelled", () => {
  it("reads which order was cancelled and why", () => {
    const body = { ...sample(), cancel_reason: "customer", cancelled_at: "2022-01-01T10:00:00-05:00" };
    expect(shopifyCancelled(body)).toEqual({
      ok: true,
      cancellation: { channelOrderId: "820982911946154508", reference: "#9999", cancelReason: "customer", cancelledAt: "2022-01-01T10:00:00-05:00" },
    });
    expect(shopifyCancelled({ name: "#9999" })).toMatchObject({ ok: false, errors: [{ field: "id" }] });
  });
});

describe("pushShopifyFulfillment against the fake Admin API", () => {
  let fake: Awaited<ReturnType<typeof startFakeShopify>> | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  const start = async () => {
    fake = await startFakeShopify({
      accessToken: "shpat_test",
      apiVersion: "2026-10",
      orders: {
        "gid://shopify/Order/820982911946154508": [
          { id: "gid://shopify/FulfillmentOrder/1", status: "OPEN", lines: [{ id: "gid://shopify/FulfillmentOrderLineItem/11", remainingQuantity: 2, sku: "IPOD2008PINK", variantId: "gid://shopify/ProductVariant/808950810" }] },
          { id: "gid://shopify/FulfillmentOrder/2", status: "CLOSED", lines: [{ id: "gid://shopify/FulfillmentOrderLineItem/21", remainingQuantity: 0, sku: "OLD", variantId: null }] },
        ],
      },
    });
    return { baseUrl: fake.baseUrl, shopDomain: "loopline-test.myshopify.com", accessToken: "shpat_test", apiVersion: "2026-10" };
  };
  const tracking = { channelOrderId: "820982911946154508", trackingCompany: "UPS", trackingNumber: "1Z999AA10123456784", trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784" };

  it("reads the fulfillment orders, then fulfils the open ones with tracking and a customer notice", async () => {
    const connection = await start();
    const result = await pushShopifyFulfillment(connection, tracking);
    expect(result).toEqual({ fulfillmentId: "gid://shopify/Fulfillment/1", fulfillmentOrderIds: ["gid://shopify/FulfillmentOrder/1"] });
    expect(fake!.calls.map((c) => c.operation)).toEqual(["fulfillmentOrders", "fulfillmentCreate"]);
    expect(fake!.calls[0]!.variables).toEqual({ id: "gid://shopify/Order/820982911946154508" });
    expect(fake!.calls[1]!.variables).toEqual({
      fulfillment: {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: "gid://shopify/FulfillmentOrder/1" }],
        trackingInfo: { company: "UPS", number: "1Z999AA10123456784", url: "https://www.ups.com/track?tracknum=1Z999AA10123456784" },
        notifyCustomer: true,
      },
    });
    expect(fake!.received.every((r) => r.path === "/admin/api/2026-10/graphql.json" && r.headers["x-shopify-access-token"] === "shpat_test")).toBe(true);
    // Sent again (the outbox retrying after a lost answer): nothing is open, nothing is created twice.
    expect(await pushShopifyFulfillment(connection, tracking)).toEqual({ fulfillmentId: null, fulfillmentOrderIds: [] });
    expect(fake!.created).toHaveLength(1);
  });

  it("fulfils only the lines asked for, by SKU or variant key", async () => {
    const connection = await start();
    await pushShopifyFulfillment(connection, { ...tracking, lines: [{ itemKey: "variant:808950810", quantity: 1 }] });
    expect((fake!.calls[1]!.variables.fulfillment as any).lineItemsByFulfillmentOrder).toEqual([
      { fulfillmentOrderId: "gid://shopify/FulfillmentOrder/1", fulfillmentOrderLineItems: [{ id: "gid://shopify/FulfillmentOrderLineItem/11", quantity: 1 }] },
    ]);
    await expect(pushShopifyFulfillment(connection, { ...tracking, lines: [{ itemKey: "IPOD2008PINK", quantity: 5 }] })).rejects.toThrow(/1 of IPOD2008PINK left to fulfil, not 5/);
  });

  it("throws userErrors, HTTP errors, throttling and a wrong token as errors the outbox can read", async () => {
    const connection = await start();
    fake!.failNext({ kind: "userErrors", message: "Fulfillment order 1 has an unfulfillable status= closed." });
    const refused = await pushShopifyFulfillment(connection, tracking).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChannelPushError);
    expect((refused as ChannelPushError).message).toMatch(/refused the fulfillment of order 820982911946154508: fulfillment: Fulfillment order 1 has an unfulfillable status/);
    expect((refused as ChannelPushError).retryable).toBe(false);

    fake!.failNext({ kind: "http", status: 500 }, 2);
    for (let i = 0; i < 2; i++) await expect(pushShopifyFulfillment(connection, tracking)).rejects.toMatchObject({ status: 500, retryable: true, message: expect.stringMatching(/HTTP 500/) });
    fake!.failNext({ kind: "throttled" });
    await expect(pushShopifyFulfillment(connection, tracking)).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/Throttled/) });
    await expect(pushShopifyFulfillment({ ...connection, accessToken: "wrong" }, tracking)).rejects.toMatchObject({ status: 401, retryable: false });
    await expect(pushShopifyFulfillment(connection, { ...tracking, channelOrderId: "1" })).rejects.toThrow(/has no order 1/);
    // After the failures, the same push goes through.
    expect((await pushShopifyFulfillment(connection, tracking)).fulfillmentId).toBe("gid://shopify/Fulfillment/1");
  });
});
