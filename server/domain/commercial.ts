import { addDays, type IsoDate } from "./dates";
/** Where orders come from, and the payment terms a B2B account buys on. */
export const CHANNELS = ["SHOPIFY", "SQUARE", "AMAZON", "WHOLESALE_PORTAL", "B2B_EDI", "MANUAL"] as const;
export type Channel = (typeof CHANNELS)[number];

export const PAYMENT_TERMS = ["PREPAID", "DUE_ON_RECEIPT", "NET_15", "NET_30", "NET_60"] as const;
export type PaymentTerms = (typeof PAYMENT_TERMS)[number];

export const CHANNEL_LABELS: Record<Channel, string> = {
  SHOPIFY: "Shopify",
  SQUARE: "Square",
  AMAZON: "Amazon",
  WHOLESALE_PORTAL: "Wholesale portal",
  B2B_EDI: "B2B EDI",
  MANUAL: "Manual",
};

/** Days from invoice to due date under each payment term. */
export const PAYMENT_TERM_DAYS: Record<PaymentTerms, number> = { PREPAID: 0, DUE_ON_RECEIPT: 0, NET_15: 15, NET_30: 30, NET_60: 60 };

/** A line whose price is not the price list's, as the timeline records it. */
export interface PriceOverride {
  line: number;
  sku: string;
  listPriceMinor: number;
  unitPriceMinor: number;
}

export interface TermsOverride {
  prices: PriceOverride[];
  /** Set when the order's terms are not the account's. */
  paymentTerms: { account: PaymentTerms | null; order: PaymentTerms } | null;
}

/**
 * What an order sets apart from the price list and the account's terms, or null when it sets
 * nothing: prices come from the server, and a difference needs permission and a reason. A
 * price equal to the list price is no override.
 */
export function termsOverride(
  lines: { sku: string; listPriceMinor: number; requestedPriceMinor: number | undefined }[],
  accountTerms: PaymentTerms | null,
  requestedTerms: PaymentTerms | undefined,
): TermsOverride | null {
  const prices = lines.flatMap((l, i) =>
    l.requestedPriceMinor === undefined || l.requestedPriceMinor === l.listPriceMinor
      ? []
      : [{ line: i + 1, sku: l.sku, listPriceMinor: l.listPriceMinor, unitPriceMinor: l.requestedPriceMinor }],
  );
  const paymentTerms = requestedTerms && requestedTerms !== accountTerms ? { account: accountTerms, order: requestedTerms } : null;
  return prices.length || paymentTerms ? { prices, paymentTerms } : null;
}

/** An order's invoices are numbered in the order they were issued: INV-<order number>-1, -2… */
export function invoiceNumber(orderNumber: string, sequence: number): string {
  return `INV-${orderNumber}-${sequence}`;
}

/** Payment is due the terms' days after the invoice (on the day itself without terms). */
export function invoiceDueOn(issuedOn: IsoDate, terms: PaymentTerms | null): IsoDate {
  return addDays(issuedOn, terms ? PAYMENT_TERM_DAYS[terms] : 0);
}
