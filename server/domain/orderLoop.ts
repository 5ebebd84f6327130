import type { TransitionTable } from "./stateMachine";

export const ORDER_STATES = [
  "RECEIVED",
  "ALLOCATED",
  "FULFILLMENT_QUEUED",
  "PARTIALLY_SHIPPED",
  "SHIPPED",
  "DELIVERED",
  "CLOSED",
  "CANCELLED",
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/**
 * The order loop (demand). ALLOCATED → RECEIVED is releasing the reservation (stock goes back,
 * the order waits to be allocated again); FULFILLMENT_QUEUED → ALLOCATED is its fulfillment
 * being cancelled (the reservations stay with the order); PARTIALLY_SHIPPED →
 * FULFILLMENT_QUEUED is the backorder, once allocated, going out in a second fulfillment.
 * Nothing shipped can be cancelled: that is a return.
 */
export const ORDER_TRANSITIONS: TransitionTable<OrderState> = {
  RECEIVED: ["ALLOCATED", "CANCELLED"],
  ALLOCATED: ["RECEIVED", "FULFILLMENT_QUEUED", "CANCELLED"],
  FULFILLMENT_QUEUED: ["ALLOCATED", "PARTIALLY_SHIPPED", "SHIPPED", "CANCELLED"],
  PARTIALLY_SHIPPED: ["FULFILLMENT_QUEUED", "SHIPPED", "DELIVERED"],
  SHIPPED: ["DELIVERED"],
  DELIVERED: ["CLOSED"],
  CLOSED: [],
  CANCELLED: [],
};

/** The loop event of a transition: by the state entered, unless the edge has its own name. */
export function orderEventType(from: OrderState | null, to: OrderState): string {
  if (from === "FULFILLMENT_QUEUED" && to === "ALLOCATED") return "dcm.order.fulfillment_cancelled";
  if (from === null) return "dcm.order.received";
  return ORDER_EVENT_ON_ENTER[to];
}

const ORDER_EVENT_ON_ENTER: Record<OrderState, string> = {
  RECEIVED: "dcm.order.allocation_released",
  ALLOCATED: "dcm.order.allocated",
  FULFILLMENT_QUEUED: "dcm.order.fulfillment_queued",
  PARTIALLY_SHIPPED: "dcm.order.partially_shipped",
  SHIPPED: "dcm.order.shipped",
  DELIVERED: "dcm.order.delivered",
  CLOSED: "dcm.order.closed",
  CANCELLED: "dcm.order.cancelled",
};

/** Milestone timestamp column set when an order enters a state. */
export const ORDER_MILESTONE: Partial<Record<OrderState, "allocatedAt" | "queuedAt" | "shippedAt" | "deliveredAt" | "closedAt" | "cancelledAt">> = {
  ALLOCATED: "allocatedAt",
  FULFILLMENT_QUEUED: "queuedAt",
  SHIPPED: "shippedAt",
  DELIVERED: "deliveredAt",
  CLOSED: "closedAt",
  CANCELLED: "cancelledAt",
};

export function isBeforeShipment(state: OrderState): boolean {
  return state === "RECEIVED" || state === "ALLOCATED" || state === "FULFILLMENT_QUEUED";
}
