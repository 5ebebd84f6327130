// What of a loop event a buyer may read, wherever they read it (the order timeline, the events
// feed, later webhooks to a customer's endpoint): one rule, so no view leaks more than another.

/** Quantities, tracking and references; no positions, bins, stock levels or costs. */
const CUSTOMER_PAYLOAD_KEYS = ["number", "quantity", "units", "carrier", "service", "trackingNumber", "estimatedDeliveryOn", "buyerPo", "reason", "signer"];

export function forCustomer<T extends { payload: Record<string, unknown> }>(event: T): T {
  return { ...event, payload: Object.fromEntries(Object.entries(event.payload).filter(([key]) => CUSTOMER_PAYLOAD_KEYS.includes(key))) };
}
