import { and, desc, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { signInAttempts } from "../../db/schema";
import { ADDRESS_WINDOW_MINUTES, FAILURES_PER_ADDRESS, PAIR_MEMORY_MINUTES, pairWaitSeconds, waitMessage } from "../domain/signInThrottle";

/**
 * Why sign-in is refused before the password is even checked, or null when it may go ahead.
 * Kept in the database so every app instance agrees. The "unknown" address (no trusted proxy
 * reported one) gets no per-address ceiling, or one stranger would shut everyone out; its
 * pairs still back off.
 */
export async function signInBlocked(db: Database, email: string, ip: string): Promise<string | null> {
  const [pair, address] = await Promise.all([pairBackoff(db, email, ip), ip === "unknown" ? 0 : addressCeiling(db, ip)]);
  const wait = Math.max(pair, address);
  return wait > 0 ? waitMessage(wait) : null;
}

/** Seconds left of this pair's backoff: its failures in a row, since its last success. */
async function pairBackoff(db: Database, email: string, ip: string): Promise<number> {
  const pair = and(eq(signInAttempts.email, email), eq(signInAttempts.ip, ip));
  const lastSuccess = db.select({ at: sql`max(${signInAttempts.at})` }).from(signInAttempts).where(and(pair, eq(signInAttempts.succeeded, true)));
  const [row] = await db
    .select({ failures: sql<number>`count(*)::int`, sinceLastFailure: sql<number | null>`extract(epoch from now() - max(${signInAttempts.at}))` })
    .from(signInAttempts)
    .where(
      and(
        pair,
        eq(signInAttempts.succeeded, false),
        gt(signInAttempts.at, sql`now() - make_interval(mins => ${PAIR_MEMORY_MINUTES})`),
        gt(signInAttempts.at, sql`coalesce((${lastSuccess}), '-infinity'::timestamptz)`),
      ),
    );
  if (row?.sinceLastFailure == null) return 0;
  return Math.max(0, pairWaitSeconds(Number(row.failures)) - Number(row.sinceLastFailure));
}

/** Seconds until this address is back under its ceiling of failures across all e-mails. */
async function addressCeiling(db: Database, ip: string): Promise<number> {
  const [oldestCounted] = await db
    .select({ until: sql<number>`extract(epoch from ${signInAttempts.at} + make_interval(mins => ${ADDRESS_WINDOW_MINUTES}) - now())` })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.ip, ip), eq(signInAttempts.succeeded, false), gt(signInAttempts.at, sql`now() - make_interval(mins => ${ADDRESS_WINDOW_MINUTES})`)))
    .orderBy(desc(signInAttempts.at))
    .offset(FAILURES_PER_ADDRESS - 1)
    .limit(1);
  return oldestCounted ? Math.max(0, Number(oldestCounted.until)) : 0;
}

export async function recordSignInAttempt(db: Database, email: string, ip: string, succeeded: boolean): Promise<void> {
  await db.insert(signInAttempts).values({ email, ip, succeeded });
}
