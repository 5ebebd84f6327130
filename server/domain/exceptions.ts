// What needs a person now. Each kind is a state the loops cannot leave on their own: something
// found on the floor, at a carrier or at a channel that a rule refused and nobody has resolved.
// docs/decisions.md ("What counts as an exception") says why these and not others.

export const EXCEPTION_KINDS = [
  /** A fulfillment in EXCEPTION because the picker found fewer units than the line asks. */
  "SHORT_PICK",
  /** Units still reserved (unpicked) on a lot that is on hold, quarantined, recalled or too close to expiry. */
  "LOT_UNUSABLE",
  /** A shipment the carrier reports as failed (delivery failure, return to sender, error). */
  "DELIVERY_FAILED",
  /** A channel message refused in whole or in part: an order the channel sent that is not in Loopline. */
  "INTAKE_REJECTED",
  /** A channel message acknowledged but not processed after INTAKE_STUCK_AFTER_MS: the worker is not getting to it. */
  "INTAKE_STUCK",
  /** Tracking, an 856 or an 810 owed to a channel whose last attempt failed and that is not done yet. */
  "CHANNEL_SEND_FAILING",
] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/**
 * A message is processed by the request that stored it, or by the worker's sweep once its lease
 * (two seconds) passes; one still RECEIVED after five minutes has been missed by both.
 */
export const INTAKE_STUCK_AFTER_MS = 5 * 60 * 1000;

/** Counts per kind, every kind present (zero when none), in the order above. */
export function countByKind(rows: { kind: ExceptionKind }[]): Record<ExceptionKind, number> {
  const counts = Object.fromEntries(EXCEPTION_KINDS.map((kind) => [kind, 0])) as Record<ExceptionKind, number>;
  for (const row of rows) counts[row.kind] += 1;
  return counts;
}
