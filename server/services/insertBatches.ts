import { getTableColumns, type Table } from "drizzle-orm";
import { MAX_BIND_PARAMETERS } from "../domain/limits";

/**
 * Rows split so that no insert binds more than Postgres's 65,535 parameters (one per column per
 * row at most). Past it, the whole statement fails; a bounded table stays well under, but the
 * split keeps that true whatever the bound becomes.
 */
export function insertBatches<R>(table: Table, rows: readonly R[]): R[][] {
  const size = Math.max(1, Math.floor(MAX_BIND_PARAMETERS / Object.keys(getTableColumns(table)).length));
  const batches: R[][] = [];
  for (let i = 0; i < rows.length; i += size) batches.push(rows.slice(i, i + size));
  return batches;
}
