import { and, count, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { signInAttempts } from "../../db/schema";

export const SIGN_IN_WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 20;

/**
 * Why sign-in is refused before the password is even checked, or null when it may go ahead.
 * Per e-mail always; per address only when a proxy reports one, or every client would share
 * the "unknown" bucket and a stranger could lock everyone out.
 */
export async function signInBlocked(db: Database, email: string, ip: string): Promise<string | null> {
  const since = sql`now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})`;
  const failures = (column: typeof signInAttempts.email | typeof signInAttempts.ip, value: string) =>
    db
      .select({ n: count() })
      .from(signInAttempts)
      .where(and(eq(column, value), eq(signInAttempts.succeeded, false), gt(signInAttempts.at, since)))
      .then((rows) => rows[0]?.n ?? 0);
  const [byEmail, byIp] = await Promise.all([failures(signInAttempts.email, email), ip === "unknown" ? 0 : failures(signInAttempts.ip, ip)]);
  if (byEmail >= MAX_FAILURES_PER_EMAIL || byIp >= MAX_FAILURES_PER_IP) {
    return `Too many failed sign-ins. Try again in ${SIGN_IN_WINDOW_MINUTES} minutes.`;
  }
  return null;
}

export async function recordSignInAttempt(db: Database, email: string, ip: string, succeeded: boolean): Promise<void> {
  await db.insert(signInAttempts).values({ email, ip, succeeded });
}
