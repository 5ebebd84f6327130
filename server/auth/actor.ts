import { eq } from "drizzle-orm";
import { getServerSession } from "next-auth";
import type { Database } from "../../db/client";
import { users } from "../../db/schema";
import { actorForUser, type Actor } from "../services/actor";
import { authOptions } from "./options";

/** The signed-in actor, read fresh from the database: a removed user or changed role counts at once. */
export async function currentActor(db: Database): Promise<Actor | null> {
  const session = (await getServerSession(authOptions)) as { userId?: string | null } | null;
  if (!session?.userId) return null;
  const [user] = await db.select().from(users).where(eq(users.id, session.userId));
  return user ? actorForUser(user) : null;
}
