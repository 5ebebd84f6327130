// bench/api: orders created and allocated per second over HTTP, through the REST API (/api/v1) of
// the production build served as `npm start` serves it, on the Postgres server, with 16 concurrent
// clients; pgbench's TPC-B-like transaction on the same server in the same run beside it. Then
// latency, answers by status, where the CPU went, the server's memory, and the invariants.
// Usage: npm run bench:api
// Knobs: BENCH_DATABASE_URL, BENCH_DATABASE_NAME (loopline_bench), BENCH_CLIENTS (16), BENCH_SECONDS (20),
// BENCH_API_PORT (3199), BENCH_PRODUCTS (40), BENCH_SKIP_BUILD=1 (serve the .next already built).
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { openDatabase, type Database } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { recreateDatabase } from "../db/recreate";
import { orders, workspaces } from "../db/schema";
import { createApiKey } from "../server/services/apiKeys/createApiKey";
import { auditInventory, NO_VIOLATIONS } from "../server/services/inventory/audit";
import { receiveInventory } from "../server/services/inventory/receiveInventory";
import { setupActor } from "../server/services/workspace";
import { buildUnlessSkipped, machine, percentile, startBenchServer } from "./server";
import { BENCH_DATABASE_NAME, BENCH_SERVER, benchWorkspace, PGBENCH_DATABASE_NAME, pgbenchInit, pgbenchTps, runConcurrently } from "./support";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PORT = Number(process.env.BENCH_API_PORT ?? 3199);
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 40);
const HOT = 3; // scarce SKUs: they run out mid-run, so some allocations are refused (and must be)
const API = `http://127.0.0.1:${PORT}/api/v1`;
const RUN = randomUUID().slice(0, 8); // Idempotency-Keys unique to this run

/** A workspace stocked like bench:allocate's rounds, and an operator key made by the service an admin would use. */
async function prepareWorkspace(db: Database): Promise<{ workspaceId: string; secret: string }> {
  const { workspaceId, actor } = await benchWorkspace(db, { name: "Bench API", binCount: 8, skuCount: PRODUCTS, unitPriceMinor: 1000 });
  const receipts = [];
  for (let p = 0; p < PRODUCTS; p++) {
    for (let lot = 0; lot < 3; lot++) {
      for (let b = 0; b < 2; b++) {
        receipts.push({ warehouseCode: "DC", binCode: `BIN-${String((p + lot + b) % 8).padStart(2, "0")}`, sku: `SKU-${p}`, lotCode: `L${p}-${lot}`, expiresOn: `2028-0${lot + 1}-15`, quantity: p < HOT ? 20 : 5000 });
      }
    }
  }
  await runConcurrently(receipts, 8, async (r) => void (await receiveInventory(db, actor, r)));
  const [ws] = await db.select({ code: workspaces.code }).from(workspaces).where(eq(workspaces.id, workspaceId));
  const admin = await setupActor(db, ws!.code, "Setup script (bench:api)");
  const key = await createApiKey(db, admin, { name: "Bench ERP", role: "operator" });
  return { workspaceId, secret: key.secret };
}

interface Tally {
  createMs: number[];
  allocateMs: number[];
  answers: Map<string, number>;
  created: number;
  allocated: number;
  refusedShort: number;
}
const newTally = (): Tally => ({ createMs: [], allocateMs: [], answers: new Map(), created: 0, allocated: 0, refusedShort: 0 });

/** One POST, timed; a connection failure is an answer too ("fetch failed"), so it is counted, not thrown. */
async function post(tally: Tally, op: "create" | "allocate", url: string, headers: Record<string, string>, body: unknown) {
  const started = performance.now();
  let status = 0;
  let json: { id?: string; version?: number; code?: string } = {};
  try {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    status = response.status;
    json = await response.json();
  } catch {
    // status 0: no answer
  }
  (op === "create" ? tally.createMs : tally.allocateMs).push(performance.now() - started);
  const key = `${op} ${status || "fetch failed"}${status >= 400 ? ` ${json.code ?? ""}` : ""}`;
  tally.answers.set(key, (tally.answers.get(key) ?? 0) + 1);
  return { status, json };
}

/** What an ERP would do: create the order (with an Idempotency-Key, as a retrying client must), then allocate it. */
async function createAndAllocate(tally: Tally, secret: string, i: number): Promise<void> {
  const auth = { authorization: `Bearer ${secret}` };
  const lines = Array.from({ length: 1 + (i % 3) }, (_, l) => ({ sku: `SKU-${(i * 7 + l * 13) % PRODUCTS}`, quantity: 1 + ((i + l) % 4) }));
  const order = { customerName: `Bench ${i}`, shipTo: { name: "B", line1: "1 St", city: "C", region: "R", postalCode: "1", country: "US" }, plannedShipDate: "2026-11-23", acceptsBackorder: i % 5 === 0, lines };
  const created = await post(tally, "create", `${API}/orders`, { ...auth, "idempotency-key": `bench-${RUN}-${i}` }, order);
  if (created.status !== 201) return;
  tally.created++;
  // Allocation is guarded by the version, so a retry cannot allocate twice: no Idempotency-Key needed.
  const allocated = await post(tally, "allocate", `${API}/orders/${created.json.id}/allocate`, auth, { version: created.json.version });
  if (allocated.status === 200) tally.allocated++;
  else if (allocated.json.code === "INSUFFICIENT_STOCK") tally.refusedShort++;
}

/** `clients` loops of createAndAllocate until `seconds` have passed (or `count` orders are started). */
async function drive(tally: Tally, secret: string, clients: number, until: { seconds?: number; count?: number }, first: number): Promise<number> {
  const started = performance.now();
  let next = first;
  const more = () => (until.count !== undefined ? next < first + until.count : performance.now() - started < until.seconds! * 1000);
  await Promise.all(Array.from({ length: clients }, async () => { while (more()) await createAndAllocate(tally, secret, next++); }));
  return next;
}

buildUnlessSkipped();

const appUrl = await recreateDatabase(BENCH_SERVER, BENCH_DATABASE_NAME);
const pgbenchUrl = await recreateDatabase(BENCH_SERVER, PGBENCH_DATABASE_NAME);
const handle = await openDatabase(appUrl);
const bench = startBenchServer(appUrl, PORT, CLIENTS);
const server = bench.process;
try {
  await migrateDatabase(handle);
  console.log(`preparing: ${PRODUCTS} SKUs (${HOT} scarce), ${PRODUCTS * 6} positions, an operator API key; pgbench scale ${CLIENTS}…`);
  const { workspaceId, secret } = await prepareWorkspace(handle.db);
  pgbenchInit(pgbenchUrl, CLIENTS);
  await handle.db.execute(sql`vacuum analyze`); // as pgbench's init does for its tables

  const booted = performance.now();
  await bench.ready(`${API}/openapi.json`);
  // Warm-up: the first requests load route code and fill connection pools; counted for the invariants only.
  const warm = newTally();
  const first = await drive(warm, secret, CLIENTS, { count: CLIENTS * 4 }, 0);
  console.log(`server up in ${((performance.now() - booted) / 1000).toFixed(1)} s (pid ${server.pid}, RSS ${(machine(server.pid!).serverRssKb / 1024).toFixed(0)} MB); warmed up with ${warm.created} orders`);

  const tally = newTally();
  const before = machine(server.pid!);
  const clientCpu = process.cpuUsage();
  const started = performance.now();
  await drive(tally, secret, CLIENTS, { seconds: SECONDS }, first);
  const seconds = (performance.now() - started) / 1000;
  const after = machine(server.pid!);
  const client = process.cpuUsage(clientCpu);
  const pairs = tally.allocated + tally.refusedShort;
  const perPair = (ms: number) => (ms / Math.max(1, pairs)).toFixed(2);
  const rate = pairs / seconds;
  const expected = new Set(["create 201", "allocate 200", "allocate 422 INSUFFICIENT_STOCK"]);
  const answers = [...tally.answers].sort(([a], [b]) => a.localeCompare(b));
  const errors = answers.filter(([key]) => !expected.has(key));
  const fiveHundreds = errors.filter(([key]) => /^\w+ 5\d\d/.test(key)).reduce((n, [, count]) => n + count, 0);

  console.log(`\nHTTP, ${CLIENTS} clients, ${seconds.toFixed(1)} s: ${rate.toFixed(0)} orders created and allocated per second (${pairs} pairs: ${tally.allocated} allocated, ${tally.refusedShort} refused short with 422 INSUFFICIENT_STOCK; ${(tally.created / seconds).toFixed(0)} creates/s)`);
  console.log(`  create   p50 ${percentile(tally.createMs, 50).toFixed(1)} ms, p99 ${percentile(tally.createMs, 99).toFixed(1)} ms`);
  console.log(`  allocate p50 ${percentile(tally.allocateMs, 50).toFixed(1)} ms, p99 ${percentile(tally.allocateMs, 99).toFixed(1)} ms`);
  console.log(`  answers: ${answers.map(([key, count]) => `${key} ×${count}`).join(", ")}`);
  console.log(`  errors: ${errors.length ? errors.map(([key, count]) => `${key} ×${count}`).join(", ") : "none"}`);
  // On this small box the server, Postgres and these clients share the cores: where the time went.
  console.log(`  CPU per pair: server ${perPair(after.serverCpuMs - before.serverCpuMs)} ms, postgres ${perPair(after.postgresCpuMs - before.postgresCpuMs)} ms, bench clients ${perPair((client.user + client.system) / 1000)} ms`);
  console.log(`  server RSS: peak ${(bench.peakRssKb() / 1024).toFixed(0)} MB, at the end ${(after.serverRssKb / 1024).toFixed(0)} MB`);
  if (fiveHundreds) console.log(`server stderr (last 4,000 characters):\n${bench.errors()}`);

  // Same clients and length of run for the baseline, right after, so both see the same machine.
  const tps = pgbenchTps(pgbenchUrl, CLIENTS, Math.max(3, Math.round(seconds)));
  console.log(`\norders created+allocated/s over HTTP (${CLIENTS} clients): ${rate.toFixed(0)}`);
  console.log(`pgbench TPC-B tps (${CLIENTS} clients): ${tps.toFixed(0)}`);
  console.log(`ratio HTTP create+allocate/pgbench: ${(rate / tps).toFixed(3)}`);

  const audit = await auditInventory(handle.db, workspaceId);
  const violations = Object.values(audit).reduce((n, rows) => n + rows.length, 0);
  if (JSON.stringify(audit) !== JSON.stringify(NO_VIOLATIONS)) console.log("violations:", JSON.stringify(audit).slice(0, 2000));
  const created = warm.created + tally.created;
  const stored = await handle.db.$count(orders, eq(orders.workspaceId, workspaceId));
  const allocatedCount = warm.allocated + tally.allocated;
  const storedAllocated = await handle.db.$count(orders, and(eq(orders.workspaceId, workspaceId), eq(orders.status, "ALLOCATED")));
  const sound = violations === 0 && stored === created && storedAllocated === allocatedCount;
  console.log(
    `invariants: ${violations === 0 ? "inventory holds (on hand = ledger, 0 <= reserved <= on hand, reserved = active reservations, no line over-allocated)" : `${violations} VIOLATIONS`}; ` +
      `orders stored ${stored} / created (201) ${created}; ALLOCATED stored ${storedAllocated} / allocated (200) ${allocatedCount}${sound ? "" : " — MISMATCH"}`,
  );
  // Any other answer than 201, 200 or a refusal for short stock means the rate above is not what it claims.
  process.exitCode = sound && errors.length === 0 && fiveHundreds === 0 ? 0 : 1;
} finally {
  bench.stop();
  await handle.close();
}
