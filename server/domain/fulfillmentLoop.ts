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
