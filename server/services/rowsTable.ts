import { sql, type SQL } from "drizzle-orm";

type ColumnType = "uuid" | "int" | "text";

/**
 * A command's own few rows as a table to join in `update … from` or `insert … select`: one
 * array parameter per column, unnested. Postgres counts an array's elements when it plans, so
 * it joins these rows to the target by index. (jsonb_to_recordset is guessed at 100 rows,
 * which made the planner scan the whole table: every order line, on every allocation.)
 */
export function rowsTable<C extends string>(alias: string, columns: Record<C, ColumnType>, rows: Record<C, string | number | null>[]): SQL {
  const names = Object.keys(columns) as C[];
  const arrays = names.map((name) => sql`${sql.param(rows.map((row) => row[name]))}::${sql.raw(columns[name])}[]`);
  return sql`unnest(${sql.join(arrays, sql`, `)}) as ${sql.raw(alias)}(${sql.raw(names.join(", "))})`;
}
