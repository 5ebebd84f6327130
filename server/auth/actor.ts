import { getServerSession } from "next-auth";
import type { Database } from "../../db/client";
import type { Actor } from "../services/actor";
import { actorForSession, type SessionRef } from "../services/sessions/userSessions";
import { authOptions } from "./options";

/** The session the request's cookie names, if it names one; whether it is still live is the database's word. */
export async function currentSessionRef(): Promise<SessionRef | null> {
  const session = (await getServerSession(authOptions)) as { userId?: string | null; sessionId?: string | null } | null;
  return session?.userId && session.sessionId ? { userId: session.userId, sessionId: session.sessionId } : null;
}

/** The signed-in actor, read fresh: a revoked session, removed user or changed role counts at once. */
export async function currentActor(db: Database): Promise<Actor | null> {
  const ref = await currentSessionRef();
  return ref ? actorForSession(db, ref) : null;
}
