// Channels send money two ways: Shopify as decimal strings in the shop's currency ("19.99"),
// Square as integer minor units (a BigInt in its SDK). Both end as a JS integer of minor units,
// computed in BigInt so no float ever touches an amount.

/** A plain non-negative decimal, at most 15 whole digits: no sign, exponent or thousands separator. */
export const DECIMAL_AMOUNT = /^\d{1,15}(\.\d{1,12})?$/;

export type MinorResult = { ok: true; minor: number } | { ok: false; message: string };

/** Digits after the point in `currency` as Intl knows them (USD 2, JPY 0, KWD 3); null for a malformed code. */
export function currencyDigits(currency: string): number | null {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return null;
  }
}

function safeMinor(minor: bigint): MinorResult {
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, message: "is too large" };
  return { ok: true, minor: Number(minor) };
}

/**
 * "19.99" in USD → 1999, exactly. No rounding: a non-zero digit past the currency's precision
 * ("19.999" in USD, "1500.5" in JPY) is refused, since no amount the channel really charged has
 * one; zeros past it ("1500.00" in JPY) are only notation and are accepted.
 */
export function decimalToMinor(amount: string, currency: string): MinorResult {
  const digits = currencyDigits(currency);
  if (digits === null) return { ok: false, message: `has an unknown currency ${currency}` };
  const match = DECIMAL_AMOUNT.exec(amount.trim());
  if (!match) return { ok: false, message: "must be a decimal amount such as 19.99" };
  const [whole, fraction = ""] = amount.trim().split(".") as [string, string?];
  if (/[1-9]/.test(fraction.slice(digits))) {
    return { ok: false, message: `${amount} has more decimals than ${currency} has (${digits})` };
  }
  const kept = fraction.slice(0, digits).padEnd(digits, "0");
  return safeMinor(BigInt(whole) * 10n ** BigInt(digits) + BigInt(kept || "0"));
}

/** Square's `amount` (minor units already; a BigInt from its SDK, a number from plain JSON). */
export function squareAmountToMinor(amount: bigint | number): MinorResult {
  if (typeof amount === "number" && !Number.isSafeInteger(amount)) return { ok: false, message: "must be a whole number of minor units" };
  const minor = BigInt(amount);
  if (minor < 0n) return { ok: false, message: "cannot be negative" };
  return safeMinor(minor);
}
