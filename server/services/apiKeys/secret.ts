import { createHash, randomBytes } from "node:crypto";

/** Every API key secret starts with this, so a leaked one is easy to recognise (and scan for). */
export const API_KEY_PREFIX = "ll_";

/** `ll_` and 32 random bytes (base64url): too much entropy to guess, so SHA-256 is a fit hash. */
export function newApiKeySecret(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** What the key list shows to tell keys apart: `ll_AbCdEf…`. */
export function displayPrefix(secret: string): string {
  return `${secret.slice(0, API_KEY_PREFIX.length + 6)}…`;
}
