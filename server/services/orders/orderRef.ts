import { z } from "zod";
import { version } from "../fields";

/** Every command on an existing order names it and the version the caller last saw. */
export const orderRef = z.object({
  orderId: z.uuid("must be an order id"),
  version,
});
export type OrderRef = z.input<typeof orderRef>;
