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
