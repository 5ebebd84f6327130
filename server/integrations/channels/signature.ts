import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Whether `header` is the base64 HMAC-SHA256 of `parts` (concatenated) under `key`. Compared as
 * the base64 text, in constant time once the lengths agree; a missing or malformed header is
 * simply false. Shopify and Square both sign this way (Square prefixes the notification URL).
 */
export function base64HmacMatches(key: string, parts: (Buffer | string)[], header: string | null | undefined): boolean {
  if (!key || typeof header !== "string") return false;
  const hmac = createHmac("sha256", key);
  for (const part of parts) hmac.update(part);
  const expected = Buffer.from(hmac.digest("base64"), "utf8");
  const given = Buffer.from(header.trim(), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
