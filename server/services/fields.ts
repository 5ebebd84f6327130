import { z } from "zod";
import { isIsoDate } from "../domain/dates";
import { EARLIEST_DATE, LATEST_DATE, MAX_CODE, MAX_PRICE_MINOR, MAX_QUANTITY } from "../domain/limits";

// The bounded building blocks every input schema is made of (DESIGN.md, Trust): a maximum on
// every string, a range on every number and date, and no NUL anywhere.

const NUL = "\u0000";

/** Optional-or-empty free text, trimmed, at most `max` characters. */
export function text(max: number) {
  return z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !s.includes(NUL), "must not contain NUL characters");
}

/** Free text that must be there. */
export function requiredText(max: number) {
  return text(max).refine((s) => s.length > 0, "is required");
}

/** A code or reference someone types or scans: SKU, lot, bin, PO. */
export const codeText = requiredText(MAX_CODE);

/** A calendar date, YYYY-MM-DD, inside the range anyone plans with. */
export const isoDate = z
  .string()
  .max(10, "must be a date written YYYY-MM-DD")
  .refine(isIsoDate, "must be a date written YYYY-MM-DD")
  .refine((d) => d >= EARLIEST_DATE && d <= LATEST_DATE, `must be between ${EARLIEST_DATE} and ${LATEST_DATE}`);

/** A whole number between `min` and `max`, with the limits in the message. */
export function wholeNumber(min: number, max: number) {
  return z
    .number("must be a number")
    .int("must be a whole number")
    .min(min, min === 1 ? "must be more than zero" : `must be at least ${min.toLocaleString("en-US")}`)
    .max(max, `must be at most ${max.toLocaleString("en-US")}`);
}

/** Units on a line, a receipt or a pick. */
export const quantity = wholeNumber(1, MAX_QUANTITY);

/** A price or rate in minor units. */
export const priceMinor = wholeNumber(0, MAX_PRICE_MINOR);
