import { mkdirSync } from "node:fs";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Query functions take either; commands open their own transaction on a Database. */
export type DbOrTx = Database | Tx;

export type DriverKind = "pglite" | "postgres" | "neon";

export interface DatabaseHandle {
  db: Database;
  kind: DriverKind;
  close(): Promise<void>;
}

/** Where the embedded database keeps its files when DATABASE_URL is unset. */
export function pgliteDataDir(): string {
  return process.env.LOOPLINE_DATA_DIR ?? ".data/pglite";
}

/**
 * One driver per deployment, chosen from the URL: none → embedded PGlite in a local folder
 * (`memory://` → in memory, for tests); a Neon host → @neondatabase/serverless over WebSockets
 * (transactions need it); anything else → node-postgres.
 */
export async function openDatabase(url = process.env.DATABASE_URL): Promise<DatabaseHandle> {
  if (!url || url.startsWith("memory://")) {
    const { PGlite } = await import("@electric-sql/pglite");
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const { drizzle } = await import("drizzle-orm/pglite");
    if (!url) mkdirSync(pgliteDataDir(), { recursive: true }); // PGlite creates only the last folder
    // pg_trgm backs the order search's indexes (migration 0013).
    const client = await PGlite.create(url || pgliteDataDir(), { extensions: { pg_trgm } });
    return { db: drizzle({ client, schema, casing: "snake_case" }) as unknown as Database, kind: "pglite", close: () => client.close() };
  }
  if (new URL(url).hostname.endsWith(".neon.tech")) {
    const { Pool, neonConfig } = await import("@neondatabase/serverless");
    const { drizzle } = await import("drizzle-orm/neon-serverless");
    const { default: ws } = await import("ws");
    neonConfig.webSocketConstructor = ws; // Node 20 has no global WebSocket
    const pool = new Pool({ connectionString: url });
    return { db: drizzle({ client: pool, schema, casing: "snake_case" }) as unknown as Database, kind: "neon", close: () => pool.end() };
  }
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const pool = new Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  return { db: drizzle({ client: pool, schema, casing: "snake_case" }) as unknown as Database, kind: "postgres", close: () => pool.end() };
}

/** Raw SQL rows: every driver here (PGlite, node-postgres, Neon) returns `{ rows }`. */
export async function queryRows<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
