import { z } from "zod";
import type { FieldIssue } from "../../domain/errors";
import { MAX_CODE, MAX_NAME, MAX_ORDER_LINES, MAX_QUANTITY } from "../../domain/limits";
import { countryCode, optionalText, requiredField } from "./channelFields";
import { type ChannelResult, refused, zodRefusal } from "./channelResult";
import { decimalToMinor } from "./decimalMoney";
import type { ChannelOrderDraft, ChannelOrderLine } from "./draft";
import { base64HmacMatches } from "./signature";

// Shopify's side of an inbound order: the webhook's signature and headers, and the REST-shaped
// order body (orders/create, orders/cancelled) mapped into the neutral draft.

/** `X-Shopify-Hmac-Sha256`: base64 HMAC-SHA256 of the raw body with the app's client secret. */
export function verifyShopifyWebhook(secret: string, rawBody: Buffer | string, hmacHeader: string | null): boolean {
  return base64HmacMatches(secret, [rawBody], hmacHeader);
}

export interface ShopifyWebhookMeta {
  topic: string;
  shopDomain: string;
  apiVersion: string | null;
  webhookId: string;
  eventId: string | null;
  triggeredAt: string | null;
  /** What the intake deduplicates on: the event id when Shopify sends one (it survives re-deliveries of one event across subscriptions), else the webhook id. */
  dedupeKey: string;
}

/** The `X-Shopify-*` headers of one delivery; topic, shop domain and webhook id must be there. */
export function shopifyWebhookMeta(headers: Headers): ChannelResult<{ meta: ShopifyWebhookMeta }> {
  const read = (name: string) => headers.get(name)?.trim() || null;
  const topic = read("x-shopify-topic");
  const shopDomain = read("x-shopify-shop-domain")?.toLowerCase() ?? null;
  const webhookId = read("x-shopify-webhook-id");
  const errors: FieldIssue[] = [];
  if (!topic) errors.push({ field: "X-Shopify-Topic", message: "is missing" });
  if (!shopDomain) errors.push({ field: "X-Shopify-Shop-Domain", message: "is missing" });
  if (!webhookId) errors.push({ field: "X-Shopify-Webhook-Id", message: "is missing" });
  if (!topic || !shopDomain || !webhookId) return { ok: false, errors };
  const eventId = read("x-shopify-event-id");
  return {
    ok: true,
    meta: {
      topic,
      shopDomain,
      apiVersion: read("x-shopify-api-version"),
      webhookId,
      eventId,
      triggeredAt: read("x-shopify-triggered-at"),
      dedupeKey: eventId ?? webhookId,
    },
  };
}

const amount = z.string("must be a decimal amount such as 19.99").max(40, "must be a decimal amount such as 19.99");
/**
 * Shopify's ids are 64-bit and JSON numbers hold integers exactly only to 2^53 (its own sample
 * order, 820982911946154508, does not survive JSON.parse). The gid string is exact, so it wins.
 */
const orderId = z
  .object({
    id: z.union([z.number().positive(), z.string().regex(/^\d{1,20}$/)], "must be Shopify's numeric order id"),
    admin_graphql_api_id: z.string().regex(/^gid:\/\/shopify\/Order\/\d{1,20}$/, "must be gid://shopify/Order/<id>").nullish(),
  })
  .superRefine(({ id, admin_graphql_api_id }, ctx) => {
    if (!admin_graphql_api_id && typeof id === "number" && !Number.isSafeInteger(id)) {
      ctx.addIssue({ code: "custom", path: ["id"], message: "is past what a JSON number holds exactly, and admin_graphql_api_id is missing" });
    }
  })
  .transform(({ id, admin_graphql_api_id }) => (admin_graphql_api_id ? admin_graphql_api_id.slice(admin_graphql_api_id.lastIndexOf("/") + 1) : String(id)));

const shopifyAddress = z.object({
  first_name: optionalText(MAX_NAME),
  last_name: optionalText(MAX_NAME),
  name: optionalText(MAX_NAME),
  company: optionalText(MAX_NAME),
  address1: requiredField(MAX_NAME),
  address2: optionalText(MAX_NAME),
  city: requiredField(MAX_NAME),
  province_code: requiredField(MAX_CODE),
  zip: requiredField(20),
  country_code: countryCode,
});

const shopifyLineItem = z.object({
  sku: optionalText(MAX_CODE),
  variant_id: z.union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/)]).nullish(),
  title: optionalText(MAX_NAME),
  name: optionalText(MAX_NAME),
  quantity: z.number("must be a number").int("must be a whole number").min(1, "must be more than zero").max(MAX_QUANTITY),
  price: amount,
  /** False for gift cards and digital goods: nothing to pick or pack. */
  requires_shipping: z.boolean().nullish(),
});

const shopifyOrder = z.object({
  order: orderId,
  name: requiredField(MAX_CODE),
  email: optionalText(MAX_NAME),
  contact_email: optionalText(MAX_NAME),
  created_at: optionalText(40),
  currency: z.string("must be a currency code").regex(/^[A-Z]{3}$/, "must be a three-letter currency code"),
  total_tax: amount.nullish(),
  customer: z
    .object({ first_name: optionalText(MAX_NAME), last_name: optionalText(MAX_NAME), email: optionalText(MAX_NAME) })
    .nullish(),
  shipping_address: z.unknown(),
  line_items: z.array(shopifyLineItem).min(1, "must have at least one line").max(MAX_ORDER_LINES),
  shipping_lines: z.array(z.object({ code: optionalText(MAX_CODE), title: optionalText(MAX_NAME), price: amount })).max(100, "must list at most 100 shipping lines").nullish(),
});

/** The two id fields read together (see orderId); errors name them as the body does. */
function withIds(body: unknown): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const { id, admin_graphql_api_id } = body as Record<string, unknown>;
  return { ...body, order: { id, admin_graphql_api_id } };
}

function fullName(first?: string, last?: string): string | undefined {
  return [first, last].filter(Boolean).join(" ") || undefined;
}

/**
 * orders/create (or orders/updated) → the draft. Prices are the shop-currency decimal strings
 * (`price`, `total_tax`, `shipping_lines[].price`) in exact minor units; line prices are before
 * discounts, which the draft does not carry. Lines that need no shipping (gift cards, digital
 * goods) are left out, keeping their position as `lineNo`.
 */
export function shopifyOrderToDraft(body: unknown): ChannelResult<{ draft: ChannelOrderDraft; channelOrderId: string }> {
  const parsed = shopifyOrder.safeParse(withIds(body));
  if (!parsed.success) return zodRefusal(parsed.error, (f) => f.replace(/^order\./, ""));
  const order = parsed.data;
  if (order.shipping_address == null) {
    return refused("shipping_address", "is missing: an order with nothing to ship (digital only) has no place here");
  }
  const address = shopifyAddress.safeParse(order.shipping_address);
  if (!address.success) return zodRefusal(address.error, (field) => `shipping_address.${field}`);
  const ship = address.data;

  const errors: FieldIssue[] = [];
  const minor = (value: string, field: string): number => {
    const result = decimalToMinor(value, order.currency);
    if (result.ok) return result.minor;
    errors.push({ field, message: result.message });
    return 0;
  };

  const lines: ChannelOrderLine[] = [];
  order.line_items.forEach((item, i) => {
    if (item.requires_shipping === false) return;
    const field = `line_items[${i}]`;
    const itemKeys = [item.sku, item.variant_id != null ? `variant:${item.variant_id}` : undefined].filter((k): k is string => !!k);
    const title = item.name ?? item.title;
    if (itemKeys.length === 0) {
      errors.push({ field, message: `${title ?? "a custom item"} has neither a SKU nor a variant id: nothing to match it to` });
    }
    lines.push({ lineNo: i + 1, itemKeys, title, quantity: item.quantity, uom: "EACH", unitPriceMinor: minor(item.price, `${field}.price`) });
  });
  if (lines.length === 0) errors.push({ field: "line_items", message: "no line needs shipping" });

  const shippingLines = order.shipping_lines ?? [];
  const shippingMinor = shippingLines.reduce((sum, line, i) => sum + minor(line.price, `shipping_lines[${i}].price`), 0);
  const taxMinor = order.total_tax == null ? undefined : minor(order.total_tax, "total_tax");

  const customerName =
    ship.name ?? fullName(ship.first_name, ship.last_name) ?? fullName(order.customer?.first_name, order.customer?.last_name) ?? ship.company;
  if (!customerName) errors.push({ field: "shipping_address.name", message: "is missing, and so is the customer's name" });
  if (errors.length > 0) return { ok: false, errors };

  const draft: ChannelOrderDraft = {
    reference: order.name,
    customerName: customerName!,
    customerEmail: order.email ?? order.contact_email ?? order.customer?.email,
    shipTo: {
      name: customerName!,
      line1: ship.address1,
      line2: ship.address2,
      city: ship.city,
      region: ship.province_code,
      postalCode: ship.zip,
      country: ship.country_code,
    },
    currency: order.currency,
    // The shop's local date, as Shopify wrote it ("2026-11-23T10:30:00-05:00").
    orderDate: order.created_at && /^\d{4}-\d{2}-\d{2}/.test(order.created_at) ? order.created_at.slice(0, 10) : undefined,
    shippingMethodCode: shippingLines[0]?.code,
    shippingMinor: shippingLines.length > 0 ? shippingMinor : undefined,
    taxMinor,
    lines,
  };
  return { ok: true, draft, channelOrderId: order.order };
}

const shopifyCancellation = z.object({
  order: orderId,
  name: requiredField(MAX_CODE),
  cancel_reason: optionalText(MAX_CODE),
  cancelled_at: optionalText(40),
});

export interface ShopifyCancellation {
  channelOrderId: string;
  reference: string;
  /** customer, fraud, inventory, declined, staff, other; absent when Shopify gives none. */
  cancelReason?: string;
  cancelledAt?: string;
}

/** orders/cancelled → which order, and why. */
export function shopifyCancelled(body: unknown): ChannelResult<{ cancellation: ShopifyCancellation }> {
  const parsed = shopifyCancellation.safeParse(withIds(body));
  if (!parsed.success) return zodRefusal(parsed.error, (f) => f.replace(/^order\./, ""));
  const { order, name, cancel_reason, cancelled_at } = parsed.data;
  return { ok: true, cancellation: { channelOrderId: order, reference: name, cancelReason: cancel_reason, cancelledAt: cancelled_at } };
}
