import type { FieldIssue } from "../../domain/errors";
import { shopifyCancelled, shopifyOrderToDraft } from "../../integrations/channels/shopify";
import { pushShopifyFulfillment } from "../../integrations/channels/shopifyFulfillment";
import { squareEventMeta, squareOrderToDraft } from "../../integrations/channels/square";
import { fetchSquareOrder, pushSquareTracking } from "../../integrations/channels/squareClient";
import type { ChannelAdapter, IntakeInstruction } from "./adapters";
import type { ChannelConnection } from "./connections";
import type { IntakeMessage } from "./intake";
import { shipmentFacts, type ChannelWork } from "./outbox";

// Shopify and Square as channels: what their webhooks ask of the intake, and the tracking their
// orders are owed back. The platform formats live in server/integrations/channels.

const issues = (errors: FieldIssue[]) => errors.map((e) => `${e.field}: ${e.message}`);

function jsonBody(message: IntakeMessage): unknown {
  try {
    return JSON.parse(message.body);
  } catch {
    return undefined;
  }
}

/** orders/create, orders/updated, orders/cancelled; any other topic is logged and left alone. */
async function readShopify(_db: unknown, connection: ChannelConnection, message: IntakeMessage): Promise<IntakeInstruction[]> {
  const shop = message.headers["x-shopify-shop-domain"]?.toLowerCase();
  if (!message.headers["x-shopify-topic"] || !message.headers["x-shopify-webhook-id"]) return [{ action: "reject", reference: null, reasons: ["headers: X-Shopify-Topic and X-Shopify-Webhook-Id are required"] }];
  if (!shop || shop !== connection.shopDomain) return [{ action: "reject", reference: null, reasons: [`X-Shopify-Shop-Domain is ${shop ?? "missing"}; this connection is for ${connection.shopDomain}`] }];
  const body = jsonBody(message);
  if (body === undefined) return [{ action: "reject", reference: null, reasons: ["body: is not JSON"] }];
  // Only for the log's reference column; bounded and made storable when the outcome is recorded.
  const name = typeof (body as { name?: unknown })?.name === "string" ? (body as { name: string }).name.slice(0, 100) : null;
  if (message.topic === "orders/cancelled") {
    const cancelled = shopifyCancelled(body);
    if (!cancelled.ok) return [{ action: "reject", reference: name, reasons: issues(cancelled.errors) }];
    const { channelOrderId, reference, cancelReason } = cancelled.cancellation;
    return [{ action: "cancel", channelOrderId, reference, reason: `Cancelled at Shopify${cancelReason ? ` (${cancelReason})` : ""}` }];
  }
  if (message.topic !== "orders/create" && message.topic !== "orders/updated") return [{ action: "ignore", reference: name, reasons: [`topic ${message.topic} is not an order Loopline takes`] }];
  const mapped = shopifyOrderToDraft(body);
  if (!mapped.ok) return [{ action: "reject", reference: name, reasons: issues(mapped.errors) }];
  return [{ action: message.topic === "orders/create" ? "create" : "upsert", channelOrderId: mapped.channelOrderId, draft: mapped.draft }];
}

/** order.created / order.updated carry only ids: the order itself is read from Square's Orders API. */
async function readSquare(_db: unknown, connection: ChannelConnection, message: IntakeMessage): Promise<IntakeInstruction[]> {
  const event = squareEventMeta(jsonBody(message));
  if (!event.ok) return [{ action: "reject", reference: null, reasons: issues(event.errors) }];
  const { orderId, locationId, state, type } = event.event;
  if (connection.locationId && locationId !== connection.locationId) return [{ action: "ignore", reference: orderId, reasons: [`the order is for location ${locationId}; this connection takes ${connection.locationId}`] }];
  if (state === "CANCELED") return [{ action: "cancel", channelOrderId: orderId, reference: orderId, reason: "Cancelled at Square" }];
  // A failure to read the order throws: the message stays RECEIVED and the worker tries again.
  const order = await fetchSquareOrder({ baseUrl: connection.apiBaseUrl ?? undefined, accessToken: connection.accessToken ?? "" }, orderId);
  const mapped = squareOrderToDraft(order);
  if (!mapped.ok) return [{ action: "reject", reference: orderId, reasons: issues(mapped.errors) }];
  return [{ action: type === "order.created" ? "create" : "upsert", channelOrderId: mapped.channelOrderId, draft: mapped.draft }];
}

export const shopifyAdapter: ChannelAdapter = { read: readShopify };
export const squareAdapter: ChannelAdapter = { read: readSquare };

const shopifyTracking: ChannelWork = async (db, job, connection) => {
  const facts = await shipmentFacts(db, job);
  const result = await pushShopifyFulfillment(
    { baseUrl: connection.apiBaseUrl ?? undefined, shopDomain: connection.shopDomain!, accessToken: connection.accessToken ?? "" },
    // Only what this shipment carried: a partial shipment leaves the rest open at Shopify for the next one.
    { channelOrderId: facts.channelOrderId, trackingCompany: facts.carrierName, trackingNumber: facts.trackingNumber, trackingUrl: facts.trackingUrl, lines: facts.lines },
  );
  return { type: "channel.tracking.sent", payload: { channel: "SHOPIFY", trackingNumber: facts.trackingNumber, fulfillmentId: result.fulfillmentId } };
};

const squareTracking: ChannelWork = async (db, job, connection) => {
  const facts = await shipmentFacts(db, job);
  const result = await pushSquareTracking(
    { baseUrl: connection.apiBaseUrl ?? undefined, accessToken: connection.accessToken ?? "" },
    { orderId: facts.channelOrderId, locationId: connection.locationId!, carrier: facts.carrierName, trackingNumber: facts.trackingNumber, trackingUrl: facts.trackingUrl },
  );
  return { type: "channel.tracking.sent", payload: { channel: "SQUARE", trackingNumber: facts.trackingNumber, fulfillmentUid: result.fulfillmentUid } };
};

export const PLATFORM_WORK = { SHOPIFY_FULFILLMENT: shopifyTracking, SQUARE_FULFILLMENT: squareTracking };
