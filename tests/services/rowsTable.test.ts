import { sql, type SQL } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/client";
import { rowsTable } from "../../server/services/rowsTable";
import { useTestDatabase } from "../support/database";

const t = useTestDatabase();

/** The plan Postgres picks for a statement, as text. */
async function planOf(query: SQL): Promise<string> {
  const lines = await queryRows<{ "QUERY PLAN": string }>(t.db, sql`explain (costs off) ${query}`);
  return lines.map((line) => line["QUERY PLAN"]).join("\n");
}

describe("rowsTable", () => {
  it("updates a command's few rows by index, not by scanning a large table", async () => {
    await t.db.execute(sql`create table if not exists rows_table_probe (id uuid primary key, quantity int not null)`);
    await t.db.execute(sql`insert into rows_table_probe select gen_random_uuid(), 0 from generate_series(1, 20000) on conflict do nothing`);
    await t.db.execute(sql`analyze rows_table_probe`);
    const [a, b] = (await queryRows<{ id: string }>(t.db, sql`select id from rows_table_probe order by id limit 2`)).map((r) => r.id);
    const rows = [{ id: a!, quantity: 3 }, { id: b!, quantity: 4 }];

    const update = sql`update rows_table_probe p set quantity = p.quantity + v.quantity from ${rowsTable("v", { id: "uuid", quantity: "int" }, rows)} where p.id = v.id`;
    const plan = await planOf(update);
    expect(plan).toMatch(/Index Scan using rows_table_probe_pkey/);
    expect(plan).not.toMatch(/Seq Scan on rows_table_probe/);

    await t.db.execute(update);
    const after = await queryRows<{ quantity: number }>(t.db, sql`select quantity from rows_table_probe where id in (${a}, ${b}) order by quantity`);
    expect(after.map((r) => r.quantity)).toEqual([3, 4]);
    await t.db.execute(sql`drop table rows_table_probe`);
  });
});
