import { z } from "zod";

/** Every command on an existing order names it and the version the caller last saw. */
export const orderRef = z.object({
  orderId: z.uuid("must be an order id"),
  version: z.number().int().positive(),
});
export type OrderRef = z.input<typeof orderRef>;
