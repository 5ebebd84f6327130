// bench/pick: (1) time to generate a FEFO pick list for a wave of 500 orders over 5,000
// positions, beside the plain SQL read of the same positions; (2) shipments recorded per second
// with 8 concurrent clients on the Postgres server, beside pgbench's TPC-B-like transaction.
// Both baselines run in the same process run, on the same server. Then the inventory invariants.
// Each measurement also prints the CPU it cost per operation, Node's and the Postgres backends'
// of its own database (this 2-core box is shared, so wall time alone hides where the cost is),
// and the process RSS after each round.
// Usage: npm run bench:pick
// Knobs: BENCH_DATABASE_URL, BENCH_DATABASE_NAME (loopline_bench; pgbench gets <name>_pgbench), BENCH_ROUNDS (3), BENCH_WAVE (500).
import { eq, inArray, sql } from "drizzle-orm";
import { openDatabase, queryRows, type Database } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { recreateDatabase } from "../db/recreate";
import { createCarrier, DEMO_CARRIERS } from "../db/seed/carriers";
import { fulfillments } from "../db/schema";
import type { Actor } from "../server/services/actor";
import { confirmPick } from "../server/services/fulfillment/confirmPick";
import { packFulfillment } from "../server/services/fulfillment/packFulfillment";
import { generatePickList } from "../server/services/fulfillment/pickList";
import { recordShipment } from "../server/services/fulfillment/recordShipment";
import { auditInventory } from "../server/services/inventory/audit";
import { receiveInventory } from "../server/services/inventory/receiveInventory";
import { allocateOrder } from "../server/services/orders/allocateOrder";
import { createOrder } from "../server/services/orders/createOrder";
import { queueForFulfillment } from "../server/services/orders/queueForFulfillment";
import { backendsOf, CpuMeter, nodeCpuMs, rssMb } from "./cpu";
import { BENCH_DATABASE_NAME, BENCH_SERVER, benchWorkspace, median, PGBENCH_DATABASE_NAME, pgbenchInit, pgbenchRun, runConcurrently } from "./support";

const CLIENTS = 8;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WAVE = Number(process.env.BENCH_WAVE ?? 500);
const SKUS = 250;
const LOTS = 4;
const BINS = 5; // 250 SKUs x 4 lots x 5 bins = 5,000 positions

interface Round {
  workspaceId: string;
  actor: Actor;
  fulfillmentIds: string[];
}

async function prepareRound(db: Database, round: number): Promise<Round> {
  const { workspaceId, actor } = await benchWorkspace(db, { name: `Pick bench ${round}`, binCount: 40, skuCount: SKUS, unitPriceMinor: 1500 });
  for (const carrier of DEMO_CARRIERS) await createCarrier(db, workspaceId, carrier);

  const receipts = [];
  for (let s = 0; s < SKUS; s++) for (let l = 0; l < LOTS; l++) for (let b = 0; b < BINS; b++) {
    receipts.push({ warehouseCode: "DC", binCode: `BIN-${String((s * 3 + l * 7 + b * 11) % 40).padStart(2, "0")}`, sku: `SKU-${s}`, lotCode: `L${s}-${l}`, expiresOn: `2028-${String(l + 1).padStart(2, "0")}-15`, quantity: 50 });
  }
  await runConcurrently(receipts, CLIENTS, async (r) => void (await receiveInventory(db, actor, r)));

  const fulfillmentIds: string[] = [];
  await runConcurrently(Array.from({ length: WAVE }, (_, i) => i), CLIENTS, async (i) => {
    const lines = Array.from({ length: 1 + (i % 4) }, (_, l) => ({ sku: `SKU-${(i * 13 + l * 61) % SKUS}`, quantity: 1 + ((i + l) % 3) }));
    let order = await createOrder(db, actor, { customerName: `Bench ${i}`, shipTo: { name: "B", line1: "1 Main St", city: "Boston", region: "MA", postalCode: "02110", country: "US" }, plannedShipDate: "2026-11-23", lines });
    order = await allocateOrder(db, actor, { orderId: order.id, version: order.version });
    await queueForFulfillment(db, actor, { orderId: order.id, version: order.version });
    const [f] = await db.select({ id: fulfillments.id }).from(fulfillments).where(eq(fulfillments.orderId, order.id));
    fulfillmentIds.push(f!.id);
  });
  return { workspaceId, actor, fulfillmentIds };
}

/** Wall time and CPU of one measured stretch, per operation. */
interface Cost {
  ms: number;
  nodeCpuMs: number;
  postgresCpuMs: number;
}

async function measure<T>(operations: number, run: () => Promise<T>): Promise<{ result: T; cost: Cost }> {
  const postgres = new CpuMeter(backendsOf(BENCH_DATABASE_NAME));
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  const ms = performance.now() - started;
  return { result, cost: { ms, nodeCpuMs: nodeCpuMs(cpu) / operations, postgresCpuMs: postgres.usedMs() / operations } };
}

const cpuText = (c: { nodeCpuMs: number; postgresCpuMs: number }) => `CPU node ${c.nodeCpuMs.toFixed(2)} ms, postgres ${c.postgresCpuMs.toFixed(2)} ms`;

/** The baseline: one plain SQL read of every position of the workspace with lot and bin, in walking order. */
async function plainPositionRead(db: Database, workspaceId: string): Promise<void> {
  const rows = await queryRows(db, sql`
    select p.id, p.product_id, p.on_hand, p.reserved, l.code, l.expires_on, b.code as bin, b.pick_sequence
    from inventory_positions p join lots l on l.id = p.lot_id join bins b on b.id = p.bin_id
    where p.workspace_id = ${workspaceId} order by b.pick_sequence, b.code, l.expires_on`);
  if (rows.length !== SKUS * LOTS * BINS) throw new Error(`expected ${SKUS * LOTS * BINS} positions, read ${rows.length}`);
}

/** Picks everything as suggested and packs each fulfillment, so the wave is ready to ship. */
async function pickAndPack(db: Database, round: Round, pickList: Awaited<ReturnType<typeof generatePickList>>) {
  const byFulfillment = new Map<string, typeof pickList>();
  for (const line of pickList) byFulfillment.set(line.fulfillmentId, [...(byFulfillment.get(line.fulfillmentId) ?? []), line]);
  await runConcurrently([...byFulfillment], CLIENTS, async ([fulfillmentId, lines]) => {
    let version = lines[0]!.fulfillmentVersion;
    for (const l of lines) version = (await confirmPick(db, round.actor, { fulfillmentId, version, reservationId: l.reservationId, lotCode: l.lotCode, binCode: l.binCode, quantity: l.quantity })).version;
    await packFulfillment(db, round.actor, { fulfillmentId, version, packages: [{ weightGrams: 800, lengthMm: 250, widthMm: 200, heightMm: 100 }] });
  });
}

async function shipAll(db: Database, round: Round) {
  const packed = await db.select({ id: fulfillments.id, version: fulfillments.version }).from(fulfillments).where(inArray(fulfillments.id, round.fulfillmentIds));
  const { cost } = await measure(packed.length, () =>
    runConcurrently(packed, CLIENTS, async (f) => {
      await recordShipment(db, round.actor, { fulfillmentId: f.id, version: f.version, carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: `1Z${f.id.replaceAll("-", "").slice(0, 16).toUpperCase()}` });
    }),
  );
  const seconds = cost.ms / 1000;
  return { perSecond: packed.length / seconds, seconds, cost };
}

const appUrl = await recreateDatabase(BENCH_SERVER, BENCH_DATABASE_NAME);
const pgbenchUrl = await recreateDatabase(BENCH_SERVER, PGBENCH_DATABASE_NAME);
process.env.DATABASE_POOL_SIZE = String(CLIENTS);
const handle = await openDatabase(appUrl);
try {
  await migrateDatabase(handle);
  console.log(`preparing ${ROUNDS} waves of ${WAVE} allocated orders, each over ${SKUS * LOTS * BINS} positions, and pgbench scale ${CLIENTS}…`);
  const rounds: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await prepareRound(handle.db, r));
  pgbenchInit(pgbenchUrl, CLIENTS);
  await handle.db.execute(sql`vacuum analyze`);

  const pickMs: number[] = [];
  const readMs: number[] = [];
  const shipRates: number[] = [];
  const tpcb: number[] = [];
  for (const [i, round] of rounds.entries()) {
    const read = await measure(1, () => plainPositionRead(handle.db, round.workspaceId));
    const { result: pickList, cost: pick } = await measure(1, () => generatePickList(handle.db, round.actor, { fulfillmentIds: round.fulfillmentIds }));
    pickMs.push(pick.ms);
    readMs.push(read.cost.ms);
    await pickAndPack(handle.db, round, pickList);
    const ship = await shipAll(handle.db, round);
    shipRates.push(ship.perSecond);
    // Same clients and length of run for the baseline, right after, so both see the same machine.
    const pgbench = await pgbenchRun(pgbenchUrl, CLIENTS, Math.max(3, Math.round(ship.seconds)));
    tpcb.push(pgbench.tps);
    console.log(
      `round ${i + 1}: pick list for ${round.fulfillmentIds.length} orders (${pickList.length} lines) ${pick.ms.toFixed(0)} ms (${cpuText(pick)})` +
        ` | plain read of ${SKUS * LOTS * BINS} positions ${read.cost.ms.toFixed(1)} ms (${cpuText(read.cost)})`,
    );
    console.log(
      `         ship ${ship.perSecond.toFixed(0)}/s (${ship.seconds.toFixed(1)} s; per shipment ${cpuText(ship.cost)})` +
        ` | pgbench TPC-B ${pgbench.tps.toFixed(0)} tps (per tx CPU pgbench ${pgbench.clientCpuMsPerTx.toFixed(2)} ms, postgres ${pgbench.postgresCpuMsPerTx.toFixed(2)} ms)` +
        ` | RSS ${rssMb().toFixed(0)} MB`,
    );
  }
  console.log(`\npick list, wave of ${WAVE} (median): ${median(pickMs).toFixed(0)} ms; plain SQL read of the positions: ${median(readMs).toFixed(1)} ms; ratio ${(median(pickMs) / median(readMs)).toFixed(1)}x`);
  console.log(`shipments/s (8 clients, median): ${median(shipRates).toFixed(0)}; pgbench TPC-B tps: ${median(tpcb).toFixed(0)}; ratio ${(median(shipRates) / median(tpcb)).toFixed(2)}`);

  let violations = 0;
  for (const round of rounds) violations += Object.values(await auditInventory(handle.db, round.workspaceId)).reduce((n, rows) => n + rows.length, 0);
  console.log(`invariants: ${violations === 0 ? "hold (on hand = ledger incl. shipments, 0 <= reserved <= on hand, reserved = active reservations)" : `${violations} VIOLATIONS`}`);
  process.exitCode = violations === 0 ? 0 : 1;
} finally {
  await handle.close();
}
