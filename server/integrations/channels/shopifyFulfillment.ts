import { CHANNEL_CALL_TIMEOUT_MS, ChannelPushError } from "./pushError";

// Tracking back to Shopify through the Admin GraphQL API: read the order's fulfillment orders,
// then one fulfillmentCreate over the open ones with the tracking info. Plain fetch rather than
// @shopify/shopify-api: two fixed operations need no client, and that library wants a whole app
// configuration (API key, scopes, host, session storage) to make one call with a token we hold.

/** The Admin API version asked for when the connection names none (supported until late 2027). */
export const SHOPIFY_API_VERSION = "2026-10";

export interface ShopifyConnection {
  /** Where the Admin API lives; `https://${shopDomain}` unless a test points it elsewhere. */
  baseUrl?: string;
  shopDomain: string;
  accessToken: string;
  apiVersion?: string;
}

export interface ShopifyTracking {
  /** Shopify's numeric order id (as the webhook's `id`), or its `gid://shopify/Order/…`. */
  channelOrderId: string;
  trackingCompany: string;
  trackingNumber: string;
  trackingUrl?: string;
  /**
   * Only these units (a partial shipment), by the draft's item keys (a SKU or `variant:<id>`);
   * everything still open when absent.
   */
  lines?: { itemKey: string; quantity: number }[];
}

export interface ShopifyFulfillmentResult {
  /** The fulfillment Shopify created; null when nothing was left open (already fulfilled, or cancelled). */
  fulfillmentId: string | null;
  fulfillmentOrderIds: string[];
}

export const FULFILLMENT_ORDERS_QUERY = `query FulfillmentOrdersForTracking($id: ID!) {
  order(id: $id) {
    id
    fulfillmentOrders(first: 50) {
      nodes {
        id
        status
        lineItems(first: 250) { nodes { id remainingQuantity sku variant { id } } }
      }
    }
  }
}`;

export const FULFILLMENT_CREATE_MUTATION = `mutation CreateFulfillmentWithTracking($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status }
    userErrors { field message }
  }
}`;

/** The fulfillment order states that still take a fulfillment (IN_PROGRESS: partly fulfilled). */
const FULFILLABLE = new Set(["OPEN", "IN_PROGRESS"]);

interface FulfillmentOrderLine {
  id: string;
  remainingQuantity: number;
  sku: string | null;
  variant: { id: string } | null;
}
interface FulfillmentOrder {
  id: string;
  status: string;
  lineItems: { nodes: FulfillmentOrderLine[] };
}
interface FulfillmentOrdersData {
  order: { id: string; fulfillmentOrders: { nodes: FulfillmentOrder[] } } | null;
}
interface FulfillmentCreateData {
  fulfillmentCreate: { fulfillment: { id: string; status: string } | null; userErrors: { field: string[] | null; message: string }[] };
}

function orderGid(channelOrderId: string): string {
  return channelOrderId.startsWith("gid://") ? channelOrderId : `gid://shopify/Order/${channelOrderId}`;
}

async function adminGraphql<T>(connection: ShopifyConnection, query: string, variables: Record<string, unknown>): Promise<T> {
  const base = (connection.baseUrl ?? `https://${connection.shopDomain}`).replace(/\/+$/, "");
  const url = `${base}/admin/api/${connection.apiVersion ?? SHOPIFY_API_VERSION}/graphql.json`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-Shopify-Access-Token": connection.accessToken },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(CHANNEL_CALL_TIMEOUT_MS),
      redirect: "error",
    });
  } catch (e) {
    throw new ChannelPushError(`Shopify ${connection.shopDomain} could not be reached: ${(e as Error).message}`, true);
  }
  const body = await response.text();
  if (!response.ok) throw ChannelPushError.fromStatus(`Shopify ${connection.shopDomain}`, response.status, body);
  let parsed: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ChannelPushError(`Shopify ${connection.shopDomain} answered with something that is not JSON: ${body.slice(0, 200)}`, true);
  }
  // Top-level errors: a malformed query, a missing scope, or THROTTLED (which passes on a retry).
  if (parsed.errors?.length) {
    const throttled = parsed.errors.some((e) => e.extensions?.code === "THROTTLED");
    throw new ChannelPushError(`Shopify ${connection.shopDomain}: ${parsed.errors.map((e) => e.message).join("; ")}`, throttled, response.status, parsed.errors);
  }
  if (!parsed.data) throw new ChannelPushError(`Shopify ${connection.shopDomain} answered without data`, true, response.status);
  return parsed.data;
}

function gidTail(gid: string): string {
  return gid.slice(gid.lastIndexOf("/") + 1);
}

/** Which fulfillment order lines carry the requested units, taking each line's remaining quantity in turn. */
function pickLines(open: FulfillmentOrder[], lines: NonNullable<ShopifyTracking["lines"]>) {
  const taken = new Map<string, Map<string, number>>();
  for (const { itemKey, quantity } of lines) {
    let left = quantity;
    for (const fo of open) {
      for (const line of fo.lineItems.nodes) {
        const keys = [line.sku, line.variant ? `variant:${gidTail(line.variant.id)}` : null];
        if (left === 0 || !keys.includes(itemKey)) continue;
        const already = taken.get(fo.id)?.get(line.id) ?? 0;
        const take = Math.min(left, line.remainingQuantity - already);
        if (take <= 0) continue;
        if (!taken.has(fo.id)) taken.set(fo.id, new Map());
        taken.get(fo.id)!.set(line.id, already + take);
        left -= take;
      }
    }
    if (left > 0) throw new ChannelPushError(`Shopify has ${quantity - left} of ${itemKey} left to fulfil, not ${quantity}`, false);
  }
  return [...taken].map(([fulfillmentOrderId, items]) => ({
    fulfillmentOrderId,
    fulfillmentOrderLineItems: [...items].map(([id, quantity]) => ({ id, quantity })),
  }));
}

/** Marks the order (or the given lines) fulfilled in Shopify with tracking, and lets Shopify tell the customer. */
export async function pushShopifyFulfillment(connection: ShopifyConnection, tracking: ShopifyTracking): Promise<ShopifyFulfillmentResult> {
  const { order } = await adminGraphql<FulfillmentOrdersData>(connection, FULFILLMENT_ORDERS_QUERY, { id: orderGid(tracking.channelOrderId) });
  if (!order) throw new ChannelPushError(`Shopify ${connection.shopDomain} has no order ${tracking.channelOrderId}`, false);
  const open = order.fulfillmentOrders.nodes.filter((fo) => FULFILLABLE.has(fo.status) && fo.lineItems.nodes.some((l) => l.remainingQuantity > 0));
  // A retry after a success finds nothing open: done already, not an error to retry forever.
  if (open.length === 0 && !tracking.lines?.length) return { fulfillmentId: null, fulfillmentOrderIds: [] };

  // Without lines, a fulfillment order listed without its line items is fulfilled in full.
  const lineItemsByFulfillmentOrder = tracking.lines?.length ? pickLines(open, tracking.lines) : open.map((fo) => ({ fulfillmentOrderId: fo.id }));
  const trackingInfo = { company: tracking.trackingCompany, number: tracking.trackingNumber, ...(tracking.trackingUrl ? { url: tracking.trackingUrl } : {}) };
  const { fulfillmentCreate } = await adminGraphql<FulfillmentCreateData>(connection, FULFILLMENT_CREATE_MUTATION, {
    fulfillment: { lineItemsByFulfillmentOrder, trackingInfo, notifyCustomer: true },
  });
  if (fulfillmentCreate.userErrors.length > 0 || !fulfillmentCreate.fulfillment) {
    const reasons = fulfillmentCreate.userErrors.map((e) => (e.field?.length ? `${e.field.join(".")}: ${e.message}` : e.message));
    throw new ChannelPushError(
      `Shopify refused the fulfillment of order ${tracking.channelOrderId}: ${reasons.join("; ") || "no fulfillment returned"}`,
      false,
      200,
      fulfillmentCreate.userErrors,
    );
  }
  return { fulfillmentId: fulfillmentCreate.fulfillment.id, fulfillmentOrderIds: lineItemsByFulfillmentOrder.map((l) => l.fulfillmentOrderId) };
}
