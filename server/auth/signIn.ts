import { asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { users } from "../../db/schema";
import { openSession } from "../services/sessions/userSessions";
import { hashPassword, verifyPassword } from "./password";
import { recordSignInAttempt, signInBlocked } from "./rateLimit";

/**
 * E-mails are unique per workspace, so one e-mail may belong to a handful of users in
 * different brands. Sign-in tries the password against each (oldest first) and signs in the
 * first it fits; more than this many is not a real person and the rest are not tried.
 */
export const USERS_PER_EMAIL_TRIED = 3;

// Padding for the hashes an e-mail does not have: every sign-in checks exactly
// USERS_PER_EMAIL_TRIED hashes, so its time says nothing about how many workspaces (if any)
// know the e-mail.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(`no-such-user-${Math.random()}`));

export type SignInOutcome = { ok: true; user: typeof users.$inferSelect; sessionId: string } | { ok: false; refusal: string | null };

/** Checks e-mail and password from `ip` under the throttle; on success opens a session. */
export async function signInWithPassword(db: Database, { email, password, ip }: { email: string; password: string; ip: string }): Promise<SignInOutcome> {
  const refusal = await signInBlocked(db, email, ip);
  if (refusal) return { ok: false, refusal };
  const candidates = await db.select().from(users).where(eq(users.email, email)).orderBy(asc(users.createdAt), asc(users.id)).limit(USERS_PER_EMAIL_TRIED);
  const hashes = [...candidates.map((c) => c.passwordHash), ...Array.from({ length: USERS_PER_EMAIL_TRIED - candidates.length }, () => "")];
  const fits: boolean[] = [];
  for (const hash of hashes) fits.push(await verifyPassword(hash || (await dummy()), password));
  const user = candidates.find((_, i) => fits[i]);
  await recordSignInAttempt(db, email, ip, !!user);
  if (!user) return { ok: false, refusal: null };
  return { ok: true, user, sessionId: await openSession(db, user.id) };
}
