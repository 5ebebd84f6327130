// bench/allocate: allocations per second with 8 concurrent clients on the Postgres server,
// beside pgbench's TPC-B-like transaction on the same server in the same run, then the
// inventory invariants. Each round also splits the CPU an allocation costs between Node (the
// app server) and Postgres, read from /proc, because on this 2-core box they share the cores.
// Usage: npm run bench:allocate
// Knobs: BENCH_DATABASE_URL, BENCH_DATABASE_NAME (loopline_bench), BENCH_ROUNDS (3), BENCH_ORDERS per round (3000), BENCH_CLIENTS (8),
// BENCH_PRODUCTS (40; more SKUs means less contention on the same positions).
import { sql } from "drizzle-orm";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { openDatabase, type Database } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { DomainError } from "../server/domain/errors";
import type { Actor } from "../server/services/actor";
import { auditInventory, NO_VIOLATIONS } from "../server/services/inventory/audit";
import { receiveInventory } from "../server/services/inventory/receiveInventory";
import { allocateOrder } from "../server/services/orders/allocateOrder";
import { createOrder } from "../server/services/orders/createOrder";
import { recreateDatabase } from "../db/recreate";
import { BENCH_DATABASE_NAME, BENCH_SERVER, benchWorkspace, median, PGBENCH_DATABASE_NAME, pgbenchInit, pgbenchTps, runConcurrently } from "./support";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ORDERS_PER_ROUND = Number(process.env.BENCH_ORDERS ?? 3000);
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 40);
const HOT = 3; // scarce SKUs that many orders want at once: where overselling would happen

interface Round {
  workspaceId: string;
  actor: Actor;
  orderIds: string[];
}

async function prepareRound(db: Database, round: number): Promise<Round> {
  const { workspaceId, actor } = await benchWorkspace(db, { name: `Bench ${round}`, binCount: 8, skuCount: PRODUCTS, unitPriceMinor: 1000 });

  // 3 lots x 2 bins per SKU; hot SKUs get a few units only.
  const receipts = [];
  for (let p = 0; p < PRODUCTS; p++) {
    for (let lot = 0; lot < 3; lot++) {
      for (let b = 0; b < 2; b++) {
        receipts.push({ warehouseCode: "DC", binCode: `BIN-${String((p + lot + b) % 8).padStart(2, "0")}`, sku: `SKU-${p}`, lotCode: `L${p}-${lot}`, expiresOn: `2028-0${lot + 1}-15`, quantity: p < HOT ? 20 : 2000 });
      }
    }
  }
  await runConcurrently(receipts, CLIENTS, async (r) => void (await receiveInventory(db, actor, r)));

  const orderIds: string[] = [];
  const specs = Array.from({ length: ORDERS_PER_ROUND }, (_, i) => i);
  await runConcurrently(specs, CLIENTS, async (i) => {
    const lineCount = 1 + (i % 3);
    const lines = Array.from({ length: lineCount }, (_, l) => ({ sku: `SKU-${(i * 7 + l * 13) % PRODUCTS}`, quantity: 1 + ((i + l) % 4) }));
    const order = await createOrder(db, actor, { customerName: `Bench ${i}`, shipTo: { name: "B", line1: "1 St", city: "C", region: "R", postalCode: "1", country: "US" }, plannedShipDate: "2026-11-23", acceptsBackorder: i % 5 === 0, lines });
    orderIds.push(order.id);
  });
  return { workspaceId, actor, orderIds };
}

/** CPU time of all postgres processes so far (Linux /proc), to split a command's cost. */
function postgresCpuMs(): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, "utf8").startsWith("postgres")) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended between listing and reading
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

async function allocateAll(db: Database, round: Round) {
  let allocated = 0;
  let refused = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const pgCpu = postgresCpuMs();
  await runConcurrently(round.orderIds, CLIENTS, async (orderId) => {
    try {
      await allocateOrder(db, round.actor, { orderId, version: 1 });
      allocated++;
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== "INSUFFICIENT_STOCK") throw e;
      refused++;
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const count = round.orderIds.length;
  return { perSecond: (allocated + refused) / seconds, allocated, refused, seconds, nodeCpuMs: (used.user + used.system) / 1000 / count, postgresCpuMs: (postgresCpuMs() - pgCpu) / count };
}

const appUrl = await recreateDatabase(BENCH_SERVER, BENCH_DATABASE_NAME);
const pgbenchUrl = await recreateDatabase(BENCH_SERVER, PGBENCH_DATABASE_NAME);
process.env.DATABASE_POOL_SIZE = String(CLIENTS);
const handle = await openDatabase(appUrl);
try {
  await migrateDatabase(handle);
  console.log(`preparing ${ROUNDS} rounds of ${ORDERS_PER_ROUND} orders (${PRODUCTS} SKUs, ${HOT} scarce; ${PRODUCTS * 6} positions per round) and pgbench scale ${CLIENTS}…`);
  const rounds: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await prepareRound(handle.db, r));
  pgbenchInit(pgbenchUrl, CLIENTS);
  // pgbench vacuums its tables at init; ours get the same, so autovacuum does not run (and
  // count as allocation CPU) in the middle of a measured round.
  await handle.db.execute(sql`vacuum analyze`);

  const allocRates: number[] = [];
  const pgbenchRates: number[] = [];
  for (const [i, round] of rounds.entries()) {
    const a = await allocateAll(handle.db, round);
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
