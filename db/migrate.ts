import path from "node:path";
import type { DatabaseHandle } from "./client";

const migrationsFolder = path.resolve(process.cwd(), "db/migrations");

/** Applies the drizzle-kit migrations with the migrator of the handle's own driver. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  const config = { migrationsFolder };
  // Each migrator is typed for its own driver; the handle's db is that driver's instance.
  const db = handle.db as never;
  if (handle.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(db, config);
  } else if (handle.kind === "neon") {
    const { migrate } = await import("drizzle-orm/neon-serverless/migrator");
    await migrate(db, config);
  } else {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    await migrate(db, config);
  }
}
