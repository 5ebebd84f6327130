// bench/board: the operator board over 10,000 open orders (plus 5,000 closed), on the Postgres
// server. (1) The board query as the app runs it (counts for every column and the first page of
// cards with their badges), beside the raw SQL that reads the same page of rows with no badges
// and no mapping, in the same run. (2) The first-load JavaScript of the board page from the
// production build's own route statistics, beside the orders list page.
// Usage: npm run bench:board   Knobs: BENCH_DATABASE_URL, BENCH_RUNS (30), BENCH_SKIP_BUILD=1.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows, type Database } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { recreateDatabase } from "../db/recreate";
import { accounts, warehouses } from "../db/schema";
import { BOARD_COLUMN_STATES, BOARD_COLUMNS } from "../server/domain/board";
import { BOARD_PAGE, loadBoard, type BoardInput } from "../server/services/orders/board";
import { BENCH_DATABASE_NAME, BENCH_SERVER, benchWorkspace, median } from "./support";

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const OPEN = 10_000;
const CLOSED = 5_000;

/**
 * Orders straight into the tables (the services would take minutes for 15,000): a spread over
 * the columns, one to four lines each, every fifth a B2B order, fulfillments where the state has one.
 */
async function seedOrders(db: Database, workspaceId: string) {
  const [wh] = await db.select().from(warehouses).where(sql`${warehouses.workspaceId} = ${workspaceId}`);
  const [account] = await db.insert(accounts).values({ workspaceId, code: "WHOLESALE", name: "Wholesale Buyer" }).returning();
  await db.execute(sql`
    insert into orders (workspace_id, number, channel, status, warehouse_id, account_id, customer_name, ship_to, currency, total_minor, planned_ship_date, received_at)
    select ${workspaceId}, 'BNCH-' || lpad(i::text, 6, '0'),
      (array['SHOPIFY','SQUARE','AMAZON','WHOLESALE_PORTAL','B2B_EDI','MANUAL'])[1 + i % 6]::channel,
      (case when i <= 2000 then 'RECEIVED' when i <= 4500 then 'ALLOCATED' when i <= 7500 then 'FULFILLMENT_QUEUED'
            when i <= 9500 then 'SHIPPED' when i <= ${OPEN} then 'PARTIALLY_SHIPPED' else 'CLOSED' end)::order_status,
      ${wh!.id}, case when i % 5 = 0 then ${account!.id}::uuid end, 'Customer ' || i,
      '{"name":"B","line1":"1 Main St","city":"Boston","region":"MA","postalCode":"02110","country":"US"}'::jsonb,
      'USD', 1000 + i, current_date, now() - make_interval(mins => i)
    from generate_series(1, ${OPEN + CLOSED}) i`);
  await db.execute(sql`
    insert into order_lines (workspace_id, order_id, line_no, product_id, quantity, uom_quantity, unit_price_minor, backordered_qty)
    select o.workspace_id, o.id, l, p.id, 4, 4, 250, case when o.status = 'PARTIALLY_SHIPPED' and l = 1 then 2 else 0 end
    from orders o
    cross join lateral generate_series(1, 1 + (hashtext(o.number) & 3)) l
    join products p on p.workspace_id = o.workspace_id and p.sku = 'SKU-' || ((hashtext(o.number) & 1023) + l * 7) % 40
    where o.workspace_id = ${workspaceId}`);
  await db.execute(sql`
    insert into fulfillments (workspace_id, order_id, warehouse_id, number, status)
    select o.workspace_id, o.id, o.warehouse_id, o.number || '-F1',
      (case o.status when 'FULFILLMENT_QUEUED' then (array['ALLOCATED','PICKING','PACKED','EXCEPTION'])[1 + (hashtext(o.number) & 3)]
                     when 'CLOSED' then 'CLOSED' else 'SHIPPED' end)::fulfillment_status
    from orders o
    where o.workspace_id = ${workspaceId} and o.status in ('FULFILLMENT_QUEUED', 'SHIPPED', 'PARTIALLY_SHIPPED', 'CLOSED')`);
}

/** The floor: the same page of order rows per column and the counts, in plain SQL, nothing joined. */
async function rawBoard(db: Database, workspaceId: string) {
  const pages = BOARD_COLUMNS.map((column) => {
    const states = sql.join(BOARD_COLUMN_STATES[column].map((s) => sql`${s}::order_status`), sql`, `);
    return queryRows(db, sql`select * from orders where workspace_id = ${workspaceId} and status in (${states}) order by received_at ${column === "done" ? sql`desc` : sql`asc`}, number limit ${BOARD_PAGE}`);
  });
  return Promise.all([queryRows(db, sql`select status, count(*) from orders where workspace_id = ${workspaceId} and status <> 'CANCELLED' group by status`), ...pages]);
}

/** Median time of each task, the tasks interleaved run by run so machine noise hits them alike. */
async function interleaved(tasks: (() => Promise<unknown>)[]): Promise<number[]> {
  for (const task of tasks) for (let i = 0; i < 3; i++) await task(); // warm: plans cached, pages in memory
  const times: number[][] = tasks.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [t, task] of tasks.entries()) {
      const started = performance.now();
      await task();
      times[t]!.push(performance.now() - started);
    }
  }
  return times.map(median);
}

function firstLoadJs(route: string): { raw: number; gzip: number } {
  const stats = JSON.parse(readFileSync(".next/diagnostics/route-bundle-stats.json", "utf8")) as { route: string; firstLoadChunkPaths: string[] }[];
  const entry = stats.find((s) => s.route === route);
  if (!entry) throw new Error(`route ${route} is not in the build's statistics`);
  return entry.firstLoadChunkPaths.reduce(
    (sum, path) => {
      const bytes = readFileSync(path);
      return { raw: sum.raw + bytes.length, gzip: sum.gzip + gzipSync(bytes).length };
    },
    { raw: 0, gzip: 0 },
  );
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

const url = await recreateDatabase(BENCH_SERVER, BENCH_DATABASE_NAME);
const handle = await openDatabase(url);
try {
  await migrateDatabase(handle);
  const { workspaceId, actor } = await benchWorkspace(handle.db, { name: "Board bench", binCount: 4, skuCount: 40, unitPriceMinor: 250 });
  console.log(`seeding ${OPEN} open and ${CLOSED} closed orders…`);
  await seedOrders(handle.db, workspaceId);
  await handle.db.execute(sql`vacuum analyze`);

  const cases: [string, BoardInput][] = [
    ["whole board", {}],
    ["channel filter", { channel: "AMAZON" }],
    ["customer filter", { customer: "WHOLESALE" }],
    ["text search", { search: "Customer 42" }],
    ["a column shown to 200 cards", { show: { allocated: 200 } }],
  ];
  const first = await loadBoard(handle.db, actor, {});
  console.log(`counts: ${BOARD_COLUMNS.map((c) => `${c} ${first.counts[c]}`).join(", ")}; cards loaded: ${BOARD_COLUMNS.reduce((n, c) => n + first.cards[c].length, 0)}`);
  const [raw, ...boards] = await interleaved([() => rawBoard(handle.db, workspaceId), ...cases.map(([, input]) => () => loadBoard(handle.db, actor, input))]);
  console.log(`raw SQL, same page of rows and the counts (median of ${RUNS}): ${raw!.toFixed(1)} ms`);
  for (const [i, [name]] of cases.entries()) console.log(`board query, ${name} (median of ${RUNS}): ${boards[i]!.toFixed(1)} ms (${(boards[i]! / raw!).toFixed(1)}x the raw read)`);
} finally {
  await handle.close();
}

if (process.env.BENCH_SKIP_BUILD !== "1") execFileSync("npx", ["next", "build"], { stdio: "ignore" });
const boardJs = firstLoadJs("/board");
const ordersJs = firstLoadJs("/orders");
console.log(`first-load JS: /board ${kb(boardJs.raw)} (${kb(boardJs.gzip)} gzip); /orders ${kb(ordersJs.raw)} (${kb(ordersJs.gzip)} gzip); the board adds ${kb(boardJs.gzip - ordersJs.gzip)} gzip`);
