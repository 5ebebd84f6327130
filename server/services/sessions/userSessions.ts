import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "../../../db/client";
import { userSessions, users } from "../../../db/schema";
import { actorForUser, type Actor } from "../actor";

/** One shift: a session ends this long after sign-in, however active it was. */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/** A new session for a user who has just proved who they are; its id goes into their cookie. */
export async function openSession(db: DbOrTx, userId: string): Promise<string> {
  const [session] = await db
    .insert(userSessions)
    .values({ userId, expiresAt: sql`now() + make_interval(secs => ${SESSION_MAX_AGE_SECONDS})` })
    .returning({ id: userSessions.id });
  return session!.id;
}

export interface SessionRef {
  userId: string;
  sessionId: string;
}

/** The actor behind a live session, read fresh (role, workspace, account) in one query; null once it is revoked or expired. */
export async function actorForSession(db: DbOrTx, { userId, sessionId }: SessionRef): Promise<Actor | null> {
  const [user] = await db
    .select({ id: users.id, workspaceId: users.workspaceId, role: users.role, accountId: users.accountId, name: users.name })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId), isNull(userSessions.revokedAt), gt(userSessions.expiresAt, sql`now()`)));
  return user ? actorForUser(user) : null;
}

/** Signing out: this session only. Harmless when it is already over. */
export async function revokeSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.update(userSessions).set({ revokedAt: sql`now()` }).where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt)));
}

/** Every live session of a user: run inside the transaction that changed what they may do. */
export async function revokeUserSessions(db: DbOrTx, userId: string): Promise<void> {
  await db.update(userSessions).set({ revokedAt: sql`now()` }).where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt)));
}

/** "Sign out everywhere": the signed-in user ends all their sessions, this one included. */
export async function signOutEverywhere(db: Database, actor: Actor): Promise<void> {
  if (!actor.userId) return; // the system and API keys have no sessions
  await revokeUserSessions(db, actor.userId);
}
