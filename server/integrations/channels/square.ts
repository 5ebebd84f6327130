import { z } from "zod";
import type { FieldIssue } from "../../domain/errors";
import { MAX_CODE, MAX_NAME, MAX_ORDER_LINES, MAX_QUANTITY } from "../../domain/limits";
import { countryCode, optionalText, requiredField } from "./channelFields";
import { type ChannelResult, refused, zodRefusal } from "./channelResult";
import { squareAmountToMinor } from "./decimalMoney";
import type { ChannelOrderDraft, ChannelOrderLine } from "./draft";
import { base64HmacMatches } from "./signature";

// Square's side of an inbound order. A notification carries only ids (order.created /
// order.updated); the order itself is read with the Orders API (squareClient.ts) and mapped here
// from the SDK's shape: camelCase fields, money as BigInt minor units.

/**
 * `x-square-hmacsha256-signature`: base64 HMAC-SHA256 of the notification URL followed by the raw
 * body, with the subscription's signature key. The URL must be the subscription's to the letter
 * (scheme, host, path, query), not what a proxy in front of us rewrote it to.
 */
export function verifySquareWebhook(signatureKey: string, notificationUrl: string, rawBody: Buffer | string, header: string | null): boolean {
  if (!notificationUrl) return false;
  return base64HmacMatches(signatureKey, [notificationUrl, rawBody], header);
}

export const SQUARE_ORDER_EVENTS = ["order.created", "order.updated"] as const;
export type SquareOrderEventType = (typeof SQUARE_ORDER_EVENTS)[number];

export interface SquareOrderEvent {
  /** What the intake deduplicates on: Square re-sends the same event_id for 24 hours. */
  eventId: string;
  type: SquareOrderEventType;
  merchantId: string;
  createdAt?: string;
  orderId: string;
  locationId: string;
  state: string;
  version: number;
}

const orderEventObject = z.object({
  order_id: requiredField(MAX_NAME),
  location_id: requiredField(MAX_NAME),
  state: requiredField(MAX_CODE),
  version: z.number("must be a number").int("must be a whole number").min(1, "must be more than zero"),
});

const squareEvent = z.object({
  merchant_id: requiredField(MAX_NAME),
  type: z.enum(SQUARE_ORDER_EVENTS, `must be one of ${SQUARE_ORDER_EVENTS.join(", ")}`),
  event_id: requiredField(MAX_NAME),
  created_at: optionalText(40),
  data: z.object({
    object: z.object({ order_created: orderEventObject.optional(), order_updated: orderEventObject.optional() }),
  }),
});

/** An order notification's ids: which event (for dedupe), which order at which version. */
export function squareEventMeta(body: unknown): ChannelResult<{ event: SquareOrderEvent }> {
  const parsed = squareEvent.safeParse(body);
  if (!parsed.success) return zodRefusal(parsed.error);
  const { event_id, type, merchant_id, created_at, data } = parsed.data;
  const key = type === "order.created" ? "order_created" : "order_updated";
  const object = data.object[key];
  if (!object) return refused(`data.object.${key}`, `is missing for a ${type} event`);
  return {
    ok: true,
    event: {
      eventId: event_id,
      type,
      merchantId: merchant_id,
      createdAt: created_at,
      orderId: object.order_id,
      locationId: object.location_id,
      state: object.state,
      version: object.version,
    },
  };
}

/** lineItems[0].basePriceMoney → line_items[0].base_price_money: the names in Square's docs and dashboard exports. */
function snakeField(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Square's enum-like words (item type, fulfillment type and state): bounded like any code. */
const word = z.string().max(MAX_CODE);
const money = z.object({ amount: z.union([z.bigint(), z.number().int()]).nullish(), currency: z.string().max(3, "must be a three-letter currency code").nullish() });

const squareRecipient = z.object({
  displayName: optionalText(MAX_NAME),
  emailAddress: optionalText(MAX_NAME),
  address: z.object({
    addressLine1: requiredField(MAX_NAME),
    addressLine2: optionalText(MAX_NAME),
    locality: requiredField(MAX_NAME),
    administrativeDistrictLevel1: requiredField(MAX_CODE),
    postalCode: requiredField(20),
    country: countryCode,
  }),
});

const squareOrder = z.object({
  id: requiredField(MAX_NAME),
  referenceId: optionalText(MAX_NAME),
  createdAt: optionalText(40),
  lineItems: z
    .array(
      z.object({
        name: optionalText(MAX_NAME),
        variationName: optionalText(MAX_NAME),
        quantity: z.string("must be a quantity such as \"2\"").max(40, "must be a quantity such as \"2\""),
        catalogObjectId: optionalText(MAX_NAME),
        itemType: word.nullish(),
        basePriceMoney: money.nullish(),
      }),
    )
    .min(1, "must have at least one line")
    .max(MAX_ORDER_LINES),
  fulfillments: z
    .array(
      z.object({
        type: word.nullish(),
        state: word.nullish(),
        shipmentDetails: z.object({ recipient: z.unknown(), shippingType: optionalText(MAX_CODE) }).nullish(),
      }),
    )
    .nullish(),
  serviceCharges: z.array(z.object({ type: word.nullish(), amountMoney: money.nullish(), appliedMoney: money.nullish() })).max(100, "must list at most 100 service charges").nullish(),
  totalTaxMoney: money.nullish(),
  totalMoney: money.nullish(),
});

/** A fulfillment that is over (CANCELED, FAILED) says nothing about where to ship. */
const LIVE_FULFILLMENT = (state: string | null | undefined) => state !== "CANCELED" && state !== "FAILED";

/**
 * A Square order (as the SDK returns it) → the draft. The reference is Square's order id: it is
 * unique, it is what the dashboard shows and what tracking is sent back to, while `reference_id`
 * is free text an app may set or not. Shipping is the order's service charges other than
 * gratuities: Square has no shipping field, and a checkout's shipping fee becomes a service charge.
 */
export function squareOrderToDraft(order: unknown): ChannelResult<{ draft: ChannelOrderDraft; channelOrderId: string }> {
  const parsed = squareOrder.safeParse(order);
  if (!parsed.success) return zodRefusal(parsed.error, snakeField);
  const o = parsed.data;

  const fulfillments = o.fulfillments ?? [];
  const shipmentAt = fulfillments.findIndex((f) => f.type === "SHIPMENT" && LIVE_FULFILLMENT(f.state));
  if (shipmentAt < 0) {
    const types = [...new Set(fulfillments.filter((f) => LIVE_FULFILLMENT(f.state)).map((f) => f.type ?? "untyped"))];
    return refused(
      "fulfillments",
      types.length === 0
        ? "has no shipment: nothing says where to send the order"
        : `has only ${types.join(", ")} fulfillments and no SHIPMENT: we ship orders, we do not hand them over at a counter`,
    );
  }
  const shipment = fulfillments[shipmentAt]!;
  const recipient = squareRecipient.safeParse(shipment.shipmentDetails?.recipient ?? {});
  if (!recipient.success) return zodRefusal(recipient.error, (f) => `fulfillments[${shipmentAt}].shipment_details.recipient.${snakeField(f)}`);
  const { displayName, emailAddress, address } = recipient.data;

  const errors: FieldIssue[] = [];
  if (!displayName) errors.push({ field: `fulfillments[${shipmentAt}].shipment_details.recipient.display_name`, message: "is required" });
  const minor = (m: z.infer<typeof money> | null | undefined, field: string): number | undefined => {
    if (m?.amount == null) return undefined;
    const result = squareAmountToMinor(m.amount);
    if (result.ok) return result.minor;
    errors.push({ field, message: result.message });
    return undefined;
  };

  const lines: ChannelOrderLine[] = [];
  o.lineItems.forEach((item, i) => {
    if (item.itemType === "GIFT_CARD") return; // nothing to pick
    const field = `line_items[${i}]`;
    const title = [item.name, item.variationName].filter(Boolean).join(", ") || undefined;
    const whole = /^\d{1,7}(\.0+)?$/.exec(item.quantity.trim());
    const quantity = whole ? Number.parseInt(item.quantity, 10) : NaN;
    if (!whole || quantity < 1 || quantity > MAX_QUANTITY) {
      errors.push({ field: `${field}.quantity`, message: `${title ?? "this line"}: ${item.quantity} is not a whole number of units from 1 to ${MAX_QUANTITY.toLocaleString("en-US")}` });
    }
    if (!item.catalogObjectId) errors.push({ field: `${field}.catalog_object_id`, message: `${title ?? "this line"} is not a catalog item: nothing to match it to` });
    lines.push({
      lineNo: i + 1,
      itemKeys: item.catalogObjectId ? [`variation:${item.catalogObjectId}`] : [],
      title,
      quantity,
      uom: "EACH",
      unitPriceMinor: minor(item.basePriceMoney, `${field}.base_price_money.amount`),
    });
  });
  if (lines.length === 0) errors.push({ field: "line_items", message: "no line needs shipping" });

  const charges = (o.serviceCharges ?? []).filter((c) => c.type !== "AUTO_GRATUITY");
  const shippingMinor = charges.reduce((sum, c, i) => sum + (minor(c.appliedMoney ?? c.amountMoney, `service_charges[${i}].applied_money.amount`) ?? 0), 0);
  const taxMinor = minor(o.totalTaxMoney, "total_tax_money.amount");
  if (errors.length > 0) return { ok: false, errors };

  const draft: ChannelOrderDraft = {
    reference: o.id,
    customerName: displayName!,
    customerEmail: emailAddress,
    shipTo: {
      name: displayName!,
      line1: address.addressLine1,
      line2: address.addressLine2,
      city: address.locality,
      region: address.administrativeDistrictLevel1,
      postalCode: address.postalCode,
      country: address.country,
    },
    currency: o.totalMoney?.currency ?? o.lineItems.find((l) => l.basePriceMoney?.currency)?.basePriceMoney?.currency ?? undefined,
    orderDate: o.createdAt && /^\d{4}-\d{2}-\d{2}/.test(o.createdAt) ? o.createdAt.slice(0, 10) : undefined,
    shippingMethodCode: shipment.shipmentDetails?.shippingType,
    shippingMinor: charges.length > 0 ? shippingMinor : undefined,
    taxMinor,
    lines,
  };
  return { ok: true, draft, channelOrderId: o.id };
}
