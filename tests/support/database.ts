import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, type Database, type DatabaseHandle } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { recreateDatabase } from "../../db/recreate";

/** The database of this project run: in-memory PGlite (migrated per file) or the Postgres server. */
export async function openTestDatabase(poolSize?: number): Promise<DatabaseHandle> {
  const url = inject("databaseUrl");
  if (poolSize) process.env.DATABASE_POOL_SIZE = String(poolSize);
  const handle = await openDatabase(url);
  if (handle.kind === "pglite") await migrateDatabase(handle);
  return handle;
}

/**
 * Opens the test database for a file and closes it after (PGlite keeps Node alive otherwise).
 * With `ownName`, on the Postgres server the file gets a database of its own
 * (`<test db>_<ownName>`): for suites whose workers act on every workspace at once (the webhook
 * dispatcher and delivery workers), which would otherwise take other files' deliveries.
 */
export function useTestDatabase(ownName?: string): { readonly db: Database; readonly handle: DatabaseHandle; readonly url: string } {
  let handle: DatabaseHandle | undefined;
  let url = "";
  beforeAll(async () => {
    const shared = inject("databaseUrl");
    if (!ownName || !shared || shared.startsWith("memory://")) {
      handle = await openTestDatabase();
      return;
    }
    url = await recreateDatabase(shared, `${new URL(shared).pathname.slice(1)}_${ownName}`);
    handle = await openDatabase(url);
    await migrateDatabase(handle);
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
    /** The Postgres URL of a database of its own (empty otherwise): for child processes that work on the same database. */
    get url() {
      return url;
    },
  };
}
