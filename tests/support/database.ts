import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, type Database, type DatabaseHandle } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";

/** The database of this project run: in-memory PGlite (migrated per file) or the Postgres server. */
export async function openTestDatabase(poolSize?: number): Promise<DatabaseHandle> {
  const url = inject("databaseUrl");
  if (poolSize) process.env.DATABASE_POOL_SIZE = String(poolSize);
  const handle = await openDatabase(url);
  if (handle.kind === "pglite") await migrateDatabase(handle);
  return handle;
}

/** Opens the test database for a file and closes it after (PGlite keeps Node alive otherwise). */
export function useTestDatabase(): { readonly db: Database; readonly handle: DatabaseHandle } {
  let handle: DatabaseHandle | undefined;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => {
    await handle?.close();
  });
  return {
    get db() {
      return handle!.db;
    },
    get handle() {
      return handle!;
    },
  };
}
