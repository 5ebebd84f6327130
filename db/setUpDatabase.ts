import { count } from "drizzle-orm";
import type { DatabaseHandle } from "./client";
import { migrateDatabase } from "./migrate";
import { workspaces } from "./schema";
import { seedDemo } from "./seed/demo";

export type SetUpOutcome = { kind: "demo-seeded" } | { kind: "empty" } | { kind: "ready"; workspaces: number };

/**
 * Migrates, and seeds the demo workspace LMB (with its published password) only when asked
 * (`npm run dev`, `npm run setup -- --demo`, LOOPLINE_DEMO=1) and the database is empty. A
 * production start never gets demo credentials: an empty database stays empty.
 */
export async function setUpDatabase(handle: DatabaseHandle, { demo }: { demo: boolean }): Promise<SetUpOutcome> {
  await migrateDatabase(handle);
  const [{ n } = { n: 0 }] = await handle.db.select({ n: count() }).from(workspaces);
  if (n > 0) return { kind: "ready", workspaces: n };
  if (!demo) return { kind: "empty" };
  await seedDemo(handle.db);
  return { kind: "demo-seeded" };
}
