import { z } from "zod";
import { version } from "../fields";

/**
 * Every command on an existing order names it, and the version the caller last saw: a stale one
 * is a conflict. The board always sends it; an API client may leave it out to act on the
 * current version.
 */
export const orderRef = z.object({
  orderId: z.uuid("must be an order id"),
  version: version.optional(),
});
export type OrderRef = z.input<typeof orderRef>;
