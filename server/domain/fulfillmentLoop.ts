import type { TransitionTable } from "./stateMachine";

export const FULFILLMENT_STATES = [
  "ALLOCATED",
  "PICKING",
  "PACKED",
  "SHIPPED",
  "DELIVERED",
  "CLOSED",
  "EXCEPTION",
  "CANCELLED",
] as const;
export type FulfillmentState = (typeof FULFILLMENT_STATES)[number];

/** The fulfillment loop (execution). EXCEPTION resolves back into picking or packing. */
export const FULFILLMENT_TRANSITIONS: TransitionTable<FulfillmentState> = {
  ALLOCATED: ["PICKING", "EXCEPTION", "CANCELLED"],
  PICKING: ["PACKED", "EXCEPTION", "CANCELLED"],
  PACKED: ["SHIPPED", "EXCEPTION", "CANCELLED"],
  SHIPPED: ["DELIVERED", "EXCEPTION"],
  DELIVERED: ["CLOSED"],
  EXCEPTION: ["PICKING", "PACKED", "CANCELLED"],
  CLOSED: [],
  CANCELLED: [],
};

export const FULFILLMENT_EVENT_ON_ENTER: Record<FulfillmentState, string> = {
  ALLOCATED: "scm.fulfillment.created",
  PICKING: "scm.fulfillment.picking",
  PACKED: "scm.fulfillment.packed",
  SHIPPED: "scm.fulfillment.shipped",
  DELIVERED: "scm.fulfillment.delivered",
  CLOSED: "scm.fulfillment.closed",
  EXCEPTION: "scm.fulfillment.exception",
  CANCELLED: "scm.fulfillment.cancelled",
};

export const FULFILLMENT_MILESTONE: Partial<Record<FulfillmentState, "pickingAt" | "packedAt" | "shippedAt" | "deliveredAt" | "closedAt" | "cancelledAt">> = {
  PICKING: "pickingAt",
  PACKED: "packedAt",
  SHIPPED: "shippedAt",
  DELIVERED: "deliveredAt",
  CLOSED: "closedAt",
  CANCELLED: "cancelledAt",
};
