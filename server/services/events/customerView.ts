// What of a loop event a buyer may read, wherever they read it (the order timeline, the events
// feed, later webhooks to a customer's endpoint): one rule, so no view leaks more than another.
import type { Actor } from "../actor";

/** Quantities, tracking and references; no positions, bins, stock levels, costs or staff notes (reasons). */
const CUSTOMER_PAYLOAD_KEYS = ["number", "quantity", "units", "carrier", "carrierName", "service", "serviceName", "trackingNumber", "trackingUrl", "estimatedDeliveryOn", "lotsShipped", "buyerPo", "signer", "invoiceNumber", "dueOn"];

/**
 * The event as `viewer` (a buyer) may see it: the payload's allowed keys, and who acted as "You"
 * or the brand itself; staff names and user ids stay inside.
 */
export function forCustomer<T extends { payload: Record<string, unknown>; actorId: string | null; actorLabel: string }>(
  { actorId, ...event }: T,
  viewer: Actor,
  workspaceName: string,
): Omit<T, "actorId"> {
  return {
    ...event,
    actorLabel: actorId !== null && actorId === viewer.userId ? "You" : workspaceName,
    payload: Object.fromEntries(Object.entries(event.payload).filter(([key]) => CUSTOMER_PAYLOAD_KEYS.includes(key))),
  };
}
