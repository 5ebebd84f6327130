import { randomBytes } from "node:crypto";

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64. Shown to the admin once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}
