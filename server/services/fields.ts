import { z } from "zod";
import { isIsoDate } from "../domain/dates";
import { EARLIEST_DATE, LATEST_DATE, MAX_CODE, MAX_DIMENSION_MM, MAX_PRICE_MINOR, MAX_QUANTITY, MAX_VERSION, MAX_WEIGHT_GRAMS } from "../domain/limits";

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
    .min(min, min === 1 ? "must be more than zero" : min === 0 ? "cannot be negative" : `must be at least ${min.toLocaleString("en-US")}`)
    .max(max, `must be at most ${max.toLocaleString("en-US")}`);
}

/** Units on a line, a receipt or a pick. */
export const quantity = wholeNumber(1, MAX_QUANTITY);

/** A price or rate in minor units. */
export const priceMinor = wholeNumber(0, MAX_PRICE_MINOR);

/** The version a command was read at (orders, fulfillments). */
export const version = wholeNumber(1, MAX_VERSION);

/** A package's or a rate bracket's weight, and a package's sides. */
export const weightGrams = wholeNumber(1, MAX_WEIGHT_GRAMS);
export const dimensionMm = wholeNumber(1, MAX_DIMENSION_MM);

/** A point in time (a wave's cut-off), inside the range anyone plans with. */
export const instant = z.coerce
  .date("must be a date and time")
  .min(new Date(`${EARLIEST_DATE}T00:00:00Z`), `must be from ${EARLIEST_DATE} on`)
  .max(new Date(`${LATEST_DATE}T23:59:59Z`), `must be before ${LATEST_DATE}`);

/** Rows of a table someone uploads (carrier zones, rates, services), at most `max`. */
export function rows<T extends z.ZodType>(row: T, max: number, emptyMessage: string) {
  return z.array(row).min(1, emptyMessage).max(max, `must have at most ${max.toLocaleString("en-US")} rows`);
}
