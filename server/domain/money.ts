// Money is integer minor units with a currency code; only formatting knows about decimals.

export function formatMoney(minor: number, currency: string, locale = "en-US"): string {
  const fmt = new Intl.NumberFormat(locale, { style: "currency", currency });
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(minor / 10 ** digits);
}

export function lineAmount(quantity: number, unitPriceMinor: number): number {
  return quantity * unitPriceMinor;
}
