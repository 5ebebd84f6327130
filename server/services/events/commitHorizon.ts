import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "../../../db/client";

/**
 * The oldest transaction still writing anywhere in the database (as a decimal xid8). Every
 * transaction below it has committed or rolled back, so no loop event can still appear below
 * it: a reader that stays under it never steps past an event that commits late. Read before
 * the events themselves, it only errs on the safe side (the events query sees at least as much).
 */
export async function commitHorizon(db: DbOrTx): Promise<bigint> {
  const [row] = await queryRows<{ horizon: string }>(db, sql`select pg_snapshot_xmin(pg_current_snapshot())::text as horizon`);
  return BigInt(row!.horizon);
}
