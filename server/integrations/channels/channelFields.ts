import { z } from "zod";
import { text } from "../../services/fields";

// Channels send null where a field is empty or withheld (Shopify's protected customer data,
// Square's unset fields): null and absent read alike, and a required one that is null is
// "is required", not a type error.

/** Trimmed text at most `max` long; null, absent and empty all become undefined. */
export const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((s) => s || undefined);

/** Present and non-empty, at most `max` long. */
export const requiredField = (max: number) => z.preprocess((v) => v ?? "", text(max).refine((s) => s.length > 0, "is required"));

/** ISO 3166 alpha-2, as both channels write it. */
export const countryCode = z.string("must be a two-letter country code").regex(/^[A-Z]{2}$/, "must be a two-letter country code");
