import { openDatabase, type Database, type DatabaseHandle } from "../db/client";

// One database handle per server process (one PGlite instance, or one pool), kept on
// globalThis so that Next's dev reloads do not open a second PGlite on the same folder.
const holder = globalThis as unknown as { __looplineDb?: Promise<DatabaseHandle> };

export async function getDb(): Promise<Database> {
  holder.__looplineDb ??= openDatabase();
  return (await holder.__looplineDb).db;
}
