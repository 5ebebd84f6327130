import type { ShipmentStatus } from "./shipping";

/** EasyPost tracker statuses, mapped to ours; the rest (pre_transit, unknown…) change nothing. */
const EASYPOST_STATUS: Record<string, ShipmentStatus> = {
  in_transit: "IN_TRANSIT",
  out_for_delivery: "OUT_FOR_DELIVERY",
  available_for_pickup: "OUT_FOR_DELIVERY",
  delivered: "DELIVERED",
  failure: "FAILURE",
  return_to_sender: "FAILURE",
  error: "FAILURE",
};

/** A carrier's status word (EasyPost's, or our own names in any case) as ours, or null to ignore. */
export function normalizeCarrierStatus(status: string): ShipmentStatus | null {
  return EASYPOST_STATUS[status.trim().toLowerCase()] ?? null;
}

const PROGRESS: Record<ShipmentStatus, number> = { IN_TRANSIT: 1, OUT_FOR_DELIVERY: 2, FAILURE: 2, DELIVERED: 3 };

/**
 * A shipment never moves backwards: late or replayed carrier events are ignored. Delivered is
 * final. A failure can come at any point before delivery, and a new attempt after a failure
 * (in transit, out for delivery) is progress again.
 */
export function trackingMoveAllowed(current: ShipmentStatus, next: ShipmentStatus): boolean {
  if (current === "DELIVERED" || next === current) return false;
  if (current === "FAILURE") return true;
  if (next === "FAILURE") return true;
  return PROGRESS[next] > PROGRESS[current];
}

/** How far ahead of our clock a carrier's event time may be (their clocks drift, not by hours). */
export const TRACKING_CLOCK_SKEW_MS = 15 * 60 * 1000;

/**
 * Why a reported time cannot be true, or null: it cannot come before what it follows (the
 * dispatch, for a delivery; the packing, for a dispatch), nor (beyond clock skew) after now.
 * Carrier events and people's confirmations are held to the same rule.
 */
export function reportedTimeIssue(at: Date, follows: { what: string; at: Date | null }, now: Date): string | null {
  if (follows.at && at.getTime() < follows.at.getTime()) return `is before the ${follows.what} (${follows.at.toISOString()})`;
  if (at.getTime() > now.getTime() + TRACKING_CLOCK_SKEW_MS) return "is in the future";
  return null;
}

/** A tracking event or delivery for a shipment dispatched at `dispatchedAt`. */
export function trackingTimeIssue(occurredAt: Date, dispatchedAt: Date, now: Date): string | null {
  return reportedTimeIssue(occurredAt, { what: "shipment was dispatched", at: dispatchedAt }, now);
}
