// bench/allocate: allocations per second with 8 concurrent clients on the Postgres server,
// beside pgbench's TPC-B-like transaction on the same server in the same run, then the
// inventory invariants. Each round also splits the CPU an allocation costs between Node (the
// app server) and Postgres, read from /proc, because on this 2-core box they share the cores.
// Usage: npm run bench:allocate
// Knobs: BENCH_DATABASE_URL, BENCH_DATABASE_NAME (loopline_bench), BENCH_ROUNDS (3), BENCH_ORDERS per round (3000), BENCH_CLIENTS (8),
// BENCH_PRODUCTS (40; more SKUs means less contention on the same positions).
import { sql } from "drizzle-orm";
import { availableParallelism } from "node:os";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { auditInventory, NO_VIOLATIONS } from "../server/services/inventory/audit";
import { recreateDatabase } from "../db/recreate";
import { allocateAll, HOT, prepareRound, type AllocationWorkload, type Round } from "./allocation";
import { BENCH_DATABASE_NAME, BENCH_SERVER, median, PGBENCH_DATABASE_NAME, pgbenchInit, pgbenchTps } from "./support";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ORDERS_PER_ROUND = Number(process.env.BENCH_ORDERS ?? 3000);
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 40);
const WORKLOAD: AllocationWorkload = { clients: CLIENTS, orders: ORDERS_PER_ROUND, products: PRODUCTS };

const appUrl = await recreateDatabase(BENCH_SERVER, BENCH_DATABASE_NAME);
const pgbenchUrl = await recreateDatabase(BENCH_SERVER, PGBENCH_DATABASE_NAME);
process.env.DATABASE_POOL_SIZE = String(CLIENTS);
const handle = await openDatabase(appUrl);
try {
  await migrateDatabase(handle);
  console.log(`preparing ${ROUNDS} rounds of ${ORDERS_PER_ROUND} orders (${PRODUCTS} SKUs, ${HOT} scarce; ${PRODUCTS * 6} positions per round) and pgbench scale ${CLIENTS}…`);
  const rounds: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await prepareRound(handle.db, r, WORKLOAD));
  pgbenchInit(pgbenchUrl, CLIENTS);
  // pgbench vacuums its tables at init; ours get the same, so autovacuum does not run (and
  // count as allocation CPU) in the middle of a measured round.
  await handle.db.execute(sql`vacuum analyze`);

  const allocRates: number[] = [];
  const pgbenchRates: number[] = [];
  for (const [i, round] of rounds.entries()) {
    const a = await allocateAll(handle.db, round, CLIENTS);
    allocRates.push(a.perSecond);
    // Same length of run for the baseline, so both see the same machine weather.
    const tps = pgbenchTps(pgbenchUrl, CLIENTS, Math.max(3, Math.round(a.seconds)));
    pgbenchRates.push(tps);
    console.log(
      `round ${i + 1}: allocate ${a.perSecond.toFixed(0)}/s (${a.allocated} allocated, ${a.refused} refused short, ${a.seconds.toFixed(1)} s; ` +
        `CPU per allocation: node ${a.nodeCpuMs.toFixed(2)} ms, postgres ${a.postgresCpuMs.toFixed(2)} ms) | pgbench TPC-B ${tps.toFixed(0)} tps (CPU per tx ${((availableParallelism() * 1000) / tps).toFixed(2)} ms at most, all cores)`,
    );
  }

  const alloc = median(allocRates);
  const tpcb = median(pgbenchRates);
  const ratio = alloc / tpcb;
  console.log(`\nallocations/s (8 clients, median): ${alloc.toFixed(0)}`);
  console.log(`pgbench TPC-B tps (8 clients, median): ${tpcb.toFixed(0)}`);
  console.log(`ratio allocate/pgbench: ${ratio.toFixed(2)} (target >= 0.50: ${ratio >= 0.5 ? "met" : "NOT met"})`);

  let violations = 0;
  for (const round of rounds) {
    const audit = await auditInventory(handle.db, round.workspaceId);
    violations += Object.values(audit).reduce((n, rows) => n + rows.length, 0);
    if (JSON.stringify(audit) !== JSON.stringify(NO_VIOLATIONS)) console.log("violations:", JSON.stringify(audit).slice(0, 2000));
  }
  console.log(`invariants: ${violations === 0 ? "hold (on hand = ledger, 0 <= reserved <= on hand, reserved = active reservations, no line over-allocated); oversell 0" : `${violations} VIOLATIONS`}`);
  process.exitCode = violations === 0 ? 0 : 1;
} finally {
  await handle.close();
}
