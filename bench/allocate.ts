// bench/allocate: allocation on the Postgres server with 8 concurrent clients, two ways, beside
// pgbench's TPC-B-like transaction on the same server in the same run, then the inventory
// invariants. Each round allocates a fresh set of orders one at a time (allocateOrder: the
// Allocate button), another fresh set in batches (allocateOrders: Allocate all, the bulk
// endpoint), then runs pgbench for as long as both took. CPU per order is split between Node (the
// app server) and Postgres, read from /proc, because on this 2-core box they share the cores; the
// process's resident memory is printed after each round, to see it does not grow.
// Targets (issue): orders allocated per second, single >= 0.33x and batched >= 1.2x TPC-B tps.
// Usage: npm run bench:allocate
// Knobs: BENCH_DATABASE_URL, BENCH_DATABASE_NAME (loopline_bench), BENCH_ROUNDS (3), BENCH_ORDERS allocated one at a time per
// round (1000), BENCH_BATCHED_ORDERS allocated in batches per round (2000: batches are fast, and 8 clients need a few each),
// BENCH_BATCH orders per batch (100), BENCH_CLIENTS (8), BENCH_PRODUCTS (40; more SKUs means less contention on the same positions).
import { sql } from "drizzle-orm";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { auditInventory, NO_VIOLATIONS } from "../server/services/inventory/audit";
import { recreateDatabase } from "../db/recreate";
import { allocateAll, HOT, prepareRound, type Round } from "./allocation";
import { BENCH_DATABASE_NAME, BENCH_SERVER, median, PGBENCH_DATABASE_NAME, pgbenchInit, pgbenchTps } from "./support";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 40);
const TARGETS = { single: 0.33, batched: 1.2 };

const WAYS = [
  { way: "single", label: "single", batch: 1, orders: Number(process.env.BENCH_ORDERS ?? 1000) },
  { way: "batched", label: `batched (${BATCH} orders a batch)`, batch: BATCH, orders: Number(process.env.BENCH_BATCHED_ORDERS ?? 2000) },
] as const;
type Way = (typeof WAYS)[number]["way"];

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

const appUrl = await recreateDatabase(BENCH_SERVER, BENCH_DATABASE_NAME);
const pgbenchUrl = await recreateDatabase(BENCH_SERVER, PGBENCH_DATABASE_NAME);
process.env.DATABASE_POOL_SIZE = String(CLIENTS);
const handle = await openDatabase(appUrl);
try {
  await migrateDatabase(handle);
  console.log(`preparing ${ROUNDS} rounds of ${WAYS.map((w) => `${w.orders} orders ${w.way}`).join(" and ")} (${PRODUCTS} SKUs, ${HOT} scarce; ${PRODUCTS * 6} positions per round and way) and pgbench scale ${CLIENTS}…`);
  const rounds: Record<Way, Round>[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const round = {} as Record<Way, Round>;
    for (const [w, { way, orders }] of WAYS.entries()) round[way] = await prepareRound(handle.db, WAYS.length * r + w, { clients: CLIENTS, orders, products: PRODUCTS });
    rounds.push(round);
  }
  pgbenchInit(pgbenchUrl, CLIENTS);
  // pgbench vacuums its tables at init; ours get the same, so autovacuum does not run (and
  // count as allocation CPU) in the middle of a measured round.
  await handle.db.execute(sql`vacuum analyze`);
  console.log(`${CLIENTS} clients; batch size ${BATCH}; RSS before the first round ${mb(process.memoryUsage().rss)}`);

  const rates: Record<Way, number[]> = { single: [], batched: [] };
  const tpcb: number[] = [];
  const rss: number[] = [];
  for (const [i, round] of rounds.entries()) {
    console.log(`round ${i + 1}:`);
    let seconds = 0;
    for (const { way, label, batch } of WAYS) {
      const a = await allocateAll(handle.db, round[way], { clients: CLIENTS, batch });
      rates[way].push(a.allocatedPerSecond);
      seconds += a.seconds;
      console.log(
        `  ${label}: ${a.allocatedPerSecond.toFixed(0)} orders allocated/s (${a.allocated} allocated, ${a.refused} refused short in ${a.seconds.toFixed(1)} s: ${a.perSecond.toFixed(0)} decided/s); ` +
          `CPU per order decided: node ${a.nodeCpuMs.toFixed(2)} ms, postgres ${a.postgresCpuMs.toFixed(2)} ms`,
      );
    }
    // As long as both ways together, so the baseline sees the same machine weather.
    const tps = pgbenchTps(pgbenchUrl, CLIENTS, Math.max(3, Math.round(seconds)));
    tpcb.push(tps);
    rss.push(process.memoryUsage().rss);
    console.log(`  pgbench TPC-B: ${tps.toFixed(0)} tps (${Math.max(3, Math.round(seconds))} s) | ratios: single ${(rates.single[i]! / tps).toFixed(2)}, batched ${(rates.batched[i]! / tps).toFixed(2)} | RSS ${mb(rss[i]!)}`);
  }

  const tps = median(tpcb);
  console.log(`\npgbench TPC-B tps (${CLIENTS} clients, median): ${tps.toFixed(0)}`);
  for (const { way, label } of WAYS) {
    const rate = median(rates[way]);
    const ratio = rate / tps;
    console.log(`${label}: ${rate.toFixed(0)} orders allocated/s (median); ratio to TPC-B ${ratio.toFixed(2)} (target >= ${TARGETS[way]}: ${ratio >= TARGETS[way] ? "met" : "NOT met"})`);
  }
  console.log(`RSS after each round: ${rss.map(mb).join(", ")} (${rss.length > 1 ? `${((rss.at(-1)! - rss[0]!) / 2 ** 20).toFixed(0)} MB from the first to the last` : "one round"})`);

  let violations = 0;
  for (const round of rounds.flatMap((r) => [r.single, r.batched])) {
    const audit = await auditInventory(handle.db, round.workspaceId);
    violations += Object.values(audit).reduce((n, rows) => n + rows.length, 0);
    if (JSON.stringify(audit) !== JSON.stringify(NO_VIOLATIONS)) console.log("violations:", JSON.stringify(audit).slice(0, 2000));
  }
  console.log(`invariants: ${violations === 0 ? "hold (on hand = ledger, 0 <= reserved <= on hand, reserved = active reservations, no line over-allocated); oversell 0" : `${violations} VIOLATIONS`}`);
  process.exitCode = violations === 0 ? 0 : 1;
} finally {
  await handle.close();
}
