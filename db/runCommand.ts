import { DomainError } from "../server/domain/errors";
import { openDatabase, type Database } from "./client";
import { migrateDatabase } from "./migrate";

/**
 * Runs one setup command from the shell on a migrated database: a refusal (a domain error) is
 * printed and exits 1; the database is always closed, or PGlite and the pool keep Node alive.
 */
export async function runCommand(work: (db: Database) => Promise<void>): Promise<void> {
  const handle = await openDatabase();
  try {
    await migrateDatabase(handle);
    await work(handle.db);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  } finally {
    await handle.close();
  }
}
