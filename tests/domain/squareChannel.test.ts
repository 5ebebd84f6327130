import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { serialization } from "square";
import { afterEach, describe, expect, it } from "vitest";
import { ChannelPushError } from "@/server/integrations/channels/pushError";
import { squareEventMeta, squareOrderToDraft, verifySquareWebhook } from "@/server/integrations/channels/square";
import { fetchSquareOrder, pushSquareTracking } from "@/server/integrations/channels/squareClient";
import { startFakeSquare } from "@/tests/support/fakeSquare";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "../fixtures/square", name));
const notification = fixture("order-created.json");
const retrieved = () => JSON.parse(fixture("retrieve-order.json").toString("utf8")) as { order: Record<string, any> };
/** The wire JSON as the SDK hands it over: camelCase, amounts as BigInt. */
const sdkOrder = (wire = retrieved().order) => serialization.Order.parseOrThrow(wire, { unrecognizedObjectKeys: "passthrough" });

const key = "Z2l2ZS1tZS1hLXNpZ25hdHVyZS1rZXk";
const url = "https://loopline.example.com/api/channels/square/3f1c/webhook";
const sign = (body: Buffer, at = url, withKey = key) => createHmac("sha256", withKey).update(at + body.toString("utf8")).digest("base64");

describe("verifySquareWebhook", () => {
  it("accepts the body signed with the notification URL in front", () => {
    expect(verifySquareWebhook(key, url, notification, sign(notification))).toBe(true);
    expect(verifySquareWebhook(key, url, notification.toString("utf8"), sign(notification))).toBe(true);
  });

  it("refuses another URL (even a trailing slash or another scheme), a tampered body, another key, a missing or wrong-length header", () => {
    const header = sign(notification);
    expect(verifySquareWebhook(key, `${url}/`, notification, header)).toBe(false);
    expect(verifySquareWebhook(key, url.replace("https:", "http:"), notification, header)).toBe(false);
    expect(verifySquareWebhook(key, "", notification, sign(notification, ""))).toBe(false);
    expect(verifySquareWebhook(key, url, Buffer.from(notification.toString("utf8").replace('"version": 1', '"version": 2')), header)).toBe(false);
    expect(verifySquareWebhook("another-key", url, notification, header)).toBe(false);
    expect(verifySquareWebhook(key, url, notification, null)).toBe(false);
    expect(verifySquareWebhook(key, url, notification, header.slice(1))).toBe(false);
    expect(verifySquareWebhook(key, url, notification, "\u0000".repeat(header.length))).toBe(false);
  });
});

describe("squareEventMeta", () => {
  it("reads the ids of Square's documented order.created example", () => {
    expect(squareEventMeta(JSON.parse(notification.toString("utf8")))).toEqual({
      ok: true,
      event: {
        eventId: "116038d3-2948-439f-8679-fc86dbf80f69",
        type: "order.created",
        merchantId: "5S9MXCS9Y99KK",
        createdAt: "2020-04-16T23:14:26.129Z",
        orderId: "eA3vssLHKJrv9H0IdJCM3gNqfdcZY",
        locationId: "FPYCBCHYMXFK1",
        state: "OPEN",
        version: 1,
      },
    });
  });

  it("names the field that is wrong", () => {
    const body = JSON.parse(notification.toString("utf8"));
    expect(squareEventMeta({ ...body, type: "payment.created" })).toMatchObject({ ok: false, errors: [{ field: "type" }] });
    expect(squareEventMeta({ ...body, type: "order.updated" })).toEqual({ ok: false, errors: [{ field: "data.object.order_updated", message: "is missing for a order.updated event" }] });
    body.data.object.order_created.order_id = null;
    delete body.event_id;
    expect(squareEventMeta(body)).toMatchObject({ ok: false, errors: [{ field: "event_id" }, { field: "data.object.order_created.order_id", message: "is required" }] });
  });
});

describe("squareOrderToDraft", () => {
  it("maps a RetrieveOrder answer: recipient, catalog keys, BigInt money, shipping from the service charge", () => {
    expect(squareOrderToDraft(sdkOrder())).toEqual({
      ok: true,
      channelOrderId: "eA3vssLHKJrv9H0IdJCM3gNqfdcZY",
      draft: {
        reference: "eA3vssLHKJrv9H0IdJCM3gNqfdcZY",
        customerName: "Jaiden Urie",
        customerEmail: "jaiden.urie@example.com",
        shipTo: { name: "Jaiden Urie", line1: "1955 Broadway", line2: "Suite 600", city: "Oakland", region: "CA", postalCode: "94612", country: "US" },
        currency: "USD",
        orderDate: "2020-04-16",
        shippingMethodCode: "First Class",
        shippingMinor: 500,
        taxMinor: 306,
        lines: [
          { lineNo: 1, itemKeys: ["variation:BSOL4BB6RCMX6SH4KQIFWZDP"], title: "New York Strip Steak, Regular", quantity: 1, uom: "EACH", unitPriceMinor: 1599 },
          { lineNo: 2, itemKeys: ["variation:KCBKE4ZKQV2BCNRQNHSKN4LH"], title: "Coffee Mug, Large", quantity: 2, uom: "EACH", unitPriceMinor: 1000 },
        ],
      },
    });
  });

  it("leaves gratuities out of shipping", () => {
    const wire = retrieved().order;
    wire.service_charges.push({ uid: "tip", name: "Gratuity", type: "AUTO_GRATUITY", applied_money: { amount: 700, currency: "USD" } });
    wire.service_charges.push({ uid: "ins", name: "Insurance", type: "CUSTOM", applied_money: { amount: 10, currency: "USD" } });
    const result = squareOrderToDraft(sdkOrder(wire));
    expect(result.ok && result.draft.shippingMinor).toBe(510);
  });

  it("refuses a fractional quantity naming the line, and a pickup-only order naming fulfillments", () => {
    const fractional = retrieved().order;
    fractional.line_items[1].quantity = "1.5";
    expect(squareOrderToDraft(sdkOrder(fractional))).toEqual({
      ok: false,
      errors: [{ field: "line_items[1].quantity", message: "Coffee Mug, Large: 1.5 is not a whole number of units from 1 to 1,000,000" }],
    });
    const pickup = retrieved().order;
    pickup.fulfillments = [{ uid: "p1", type: "PICKUP", state: "PROPOSED", pickup_details: { recipient: { display_name: "Jaiden Urie" } } }];
    expect(squareOrderToDraft(sdkOrder(pickup))).toEqual({
      ok: false,
      errors: [{ field: "fulfillments", message: "has only PICKUP fulfillments and no SHIPMENT: we ship orders, we do not hand them over at a counter" }],
    });
    const none = retrieved().order;
    delete none.fulfillments;
    expect(squareOrderToDraft(sdkOrder(none))).toMatchObject({ ok: false, errors: [{ field: "fulfillments" }] });
  });

  it("names recipient and money fields as Square's docs do", () => {
    const wire = retrieved().order;
    delete wire.fulfillments[0].shipment_details.recipient.address.postal_code;
    expect(squareOrderToDraft(sdkOrder(wire))).toEqual({
      ok: false,
      errors: [{ field: "fulfillments[0].shipment_details.recipient.address.postal_code", message: "is required" }],
    });
    const negative = retrieved().order;
    negative.line_items[0].base_price_money.amount = -5;
    expect(squareOrderToDraft(sdkOrder(negative))).toMatchObject({ ok: false, errors: [{ field: "line_items[0].base_price_money.amount", message: "cannot be negative" }] });
    const huge = retrieved().order;
    const asSdk = sdkOrder(huge);
    asSdk.lineItems![0]!.basePriceMoney!.amount = 2n ** 60n;
    expect(squareOrderToDraft(asSdk)).toMatchObject({ ok: false, errors: [{ field: "line_items[0].base_price_money.amount", message: "is too large" }] });
  });
});

describe("Square Orders API against the fake", () => {
  let fake: Awaited<ReturnType<typeof startFakeSquare>> | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  const start = async () => {
    fake = await startFakeSquare({ accessToken: "EAAA-test", orders: [retrieved().order as any] });
    return { baseUrl: fake.baseUrl, accessToken: "EAAA-test" };
  };
  const tracking = { orderId: "eA3vssLHKJrv9H0IdJCM3gNqfdcZY", locationId: "FPYCBCHYMXFK1", carrier: "USPS", trackingNumber: "9400111899223197428490", trackingUrl: "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428490" };

  it("reads an order with a bearer token and Square-Version, and maps it", async () => {
    const connection = await start();
    const order = await fetchSquareOrder(connection, "eA3vssLHKJrv9H0IdJCM3gNqfdcZY");
    expect(order.totalMoney?.amount).toBe(4405n);
    expect(squareOrderToDraft(order)).toMatchObject({ ok: true, draft: { taxMinor: 306, shippingMinor: 500 } });
    const [request] = fake!.received;
    expect([request!.method, request!.path, request!.headers.authorization]).toEqual(["GET", "/v2/orders/eA3vssLHKJrv9H0IdJCM3gNqfdcZY", "Bearer EAAA-test"]);
    expect(request!.headers["square-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("marks the shipment COMPLETED with carrier and tracking at the version it read; a retry after success is a no-op", async () => {
    const connection = await start();
    expect(await pushSquareTracking(connection, tracking)).toEqual({ fulfillmentUid: "dK3JIdCLo3IL3jCQ8VhUx", version: 2, alreadyShipped: false });
    expect(fake!.updates).toHaveLength(1);
    const { body } = fake!.updates[0]!;
    expect(body.order).toEqual({
      location_id: "FPYCBCHYMXFK1",
      version: 1,
      fulfillments: [
        {
          uid: "dK3JIdCLo3IL3jCQ8VhUx",
          state: "COMPLETED",
          shipment_details: { carrier: "USPS", tracking_number: "9400111899223197428490", tracking_url: tracking.trackingUrl },
        },
      ],
    });
    expect(body.idempotency_key).toMatch(/^[0-9a-f]{64}$/);
    const shipment = fake!.order("eA3vssLHKJrv9H0IdJCM3gNqfdcZY")!.fulfillments![0]!;
    expect(shipment).toMatchObject({ state: "COMPLETED", shipment_details: { recipient: { display_name: "Jaiden Urie" }, tracking_number: "9400111899223197428490" } });
    expect(await pushSquareTracking(connection, tracking)).toEqual({ fulfillmentUid: "dK3JIdCLo3IL3jCQ8VhUx", version: 2, alreadyShipped: true });
    expect(fake!.updates).toHaveLength(1);
  });

  it("throws HTTP errors, an unknown order, a wrong token and a wrong location as errors the outbox can read", async () => {
    const connection = await start();
    fake!.failNext(500, 2);
    for (let i = 0; i < 2; i++) {
      const error = await pushSquareTracking(connection, tracking).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChannelPushError);
      expect(error).toMatchObject({ status: 500, retryable: true, message: expect.stringMatching(/Square answered 500: INTERNAL_SERVER_ERROR/) });
    }
    expect(fake!.updates).toHaveLength(0);
    await expect(fetchSquareOrder(connection, "nope")).rejects.toMatchObject({ status: 404, retryable: false, message: expect.stringMatching(/NOT_FOUND/) });
    await expect(fetchSquareOrder({ ...connection, accessToken: "wrong" }, tracking.orderId)).rejects.toMatchObject({ status: 401, retryable: false });
    await expect(pushSquareTracking(connection, { ...tracking, locationId: "ELSEWHERE" })).rejects.toThrow(/belongs to location FPYCBCHYMXFK1, not ELSEWHERE/);
    // After the failures, the same push goes through.
    expect((await pushSquareTracking(connection, tracking)).alreadyShipped).toBe(false);
  });
});
