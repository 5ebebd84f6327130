import { currentActor } from "../auth/actor";
import { getDb } from "../db";
import type { Context } from "./trpc";

/** Per request: the shared database handle and the signed-in actor (or none). */
export async function createContext(): Promise<Context> {
  const db = await getDb();
  return { db, actor: await currentActor(db) };
}
