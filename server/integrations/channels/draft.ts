// What every channel adapter produces from one inbound message: the order as the channel described
// it, in the channel's own identifiers. The intake maps channel SKUs through the connection's SKU
// map and hands the result to the one createOrder service, so Shopify, Square and EDI share every
// rule (prices, lots, limits) and every error.

import type { UnitOfMeasure } from "../../domain/units";

export interface ChannelAddress {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region: string;
  postalCode: string;
  /** ISO 3166 alpha-2. */
  country: string;
}

export interface ChannelOrderLine {
  /** 1-based, as the channel numbered it (PO1-01, the position in line_items): named in rejections. */
  lineNo: number;
  /**
   * The keys the channel knows this item by, most specific first: a Shopify SKU then its variant id;
   * an EDI buyer part number, then the UPC, then the vendor part. The first one the SKU map (or the
   * catalog, by SKU) knows wins.
   */
  itemKeys: string[];
  /** Shown in a rejection ("line 2: unknown SKU R5656-2 (Rose serum 50 ml)"). */
  title?: string;
  quantity: number;
  uom: UnitOfMeasure;
  /** What the channel charged per unit of `uom`, in minor units; absent when the channel gives none. */
  unitPriceMinor?: number;
  /** Units per case the buyer expects (EDI PO4-01): checked against the product's case size. */
  packSize?: number;
}

export interface ChannelOrderDraft {
  /** The channel's own order reference: Shopify's order name (#1001), Square's order id, the EDI PO number. */
  reference: string;
  customerName: string;
  customerEmail?: string;
  shipTo: ChannelAddress;
  currency?: string;
  /** B2B (EDI): the buyer's PO number and the partner's account code. */
  buyerPo?: string;
  accountCode?: string;
  orderDate?: string;
  deliveryWindow?: { start: string; end: string };
  /** Net days the buyer asked for (EDI ITD07); compared with the account's terms, never imposed. */
  requestedNetDays?: number;
  /** The shipping line the customer chose at the channel (Shopify `shipping_lines[0].code`). */
  shippingMethodCode?: string;
  shippingMinor?: number;
  taxMinor?: number;
  lines: ChannelOrderLine[];
}
