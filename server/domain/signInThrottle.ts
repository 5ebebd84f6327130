// How sign-in slows an attacker down without letting a stranger lock the owner out. Failures
// count per (e-mail, address) pair, so failures from elsewhere never delay the owner; a
// per-address ceiling across all e-mails stops one address from spraying many accounts.

/** Wrong passwords a pair may make in a row before it has to wait. */
export const FREE_FAILURES_PER_PAIR = 3;
export const FIRST_WAIT_SECONDS = 30;
export const LONGEST_WAIT_SECONDS = 15 * 60;
/** A pair's failures older than this no longer count, nor do those before its last success. */
export const PAIR_MEMORY_MINUTES = 60;

export const FAILURES_PER_ADDRESS = 30;
export const ADDRESS_WINDOW_MINUTES = 15;

/** Seconds a pair waits after its last failure: none at first, then doubling, capped. */
export function pairWaitSeconds(failuresInARow: number): number {
  if (failuresInARow < FREE_FAILURES_PER_PAIR) return 0;
  return Math.min(LONGEST_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** (failuresInARow - FREE_FAILURES_PER_PAIR));
}

/** What the sign-in form shows: how long, rounded up, in words a person reads at a glance. */
export function waitMessage(seconds: number): string {
  const wait = seconds < 60 ? `${Math.max(1, Math.ceil(seconds))} seconds` : `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? "" : "s"}`;
  return `Too many failed sign-ins. Try again in ${wait}.`;
}
