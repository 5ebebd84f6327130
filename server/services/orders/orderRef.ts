import { z } from "zod";
import { MAX_INT4 } from "../../domain/limits";

/**
 * Every command on an existing order names it, and the version the caller last saw: a stale one
 * is a conflict. The board always sends it; an API client may leave it out to act on the
 * current version.
 */
export const orderRef = z.object({
  orderId: z.uuid("must be an order id"),
  version: z.number("must be a number").int("must be a whole number").positive("must be more than zero").max(MAX_INT4, "is not a version this order could have").optional(),
});
export type OrderRef = z.input<typeof orderRef>;
