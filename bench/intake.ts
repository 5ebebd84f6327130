// bench/intake: signed Shopify orders/create webhooks acknowledged per second by the production
// build on the Postgres server (16 concurrent senders), with auto-allocation on: each
// acknowledgment means stored and turned into an order, and the app's worker allocates the
// orders in batches meanwhile (the time it needs after the last webhook is printed); pgbench's TPC-B-like
// transaction on the same server in the same run beside it. One delivery in ten is a
// redelivery of an earlier webhook id (as Shopify retries): it must not make a second order.
// Target (issue 12): 670 acknowledged per second (Shopify's platform-wide BFCM peak), p99 under
// 1 s, no order lost or duplicated.
// Usage: npm run bench:intake
// Knobs: BENCH_DATABASE_URL, BENCH_DATABASE_NAME (loopline_bench), BENCH_CLIENTS (16), BENCH_SECONDS (20),
// BENCH_INTAKE_PORT (3198), BENCH_PRODUCTS (40), BENCH_SKIP_BUILD=1 (serve the .next already built).
import { createHmac, randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { openDatabase, type Database } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { recreateDatabase } from "../db/recreate";
import { intakeMessages, orders, workspaces } from "../db/schema";
import { saveChannelConnection } from "../server/services/channels/connections";
import { auditInventory, NO_VIOLATIONS } from "../server/services/inventory/audit";
import { receiveInventory } from "../server/services/inventory/receiveInventory";
import { setupActor } from "../server/services/workspace";
import { buildUnlessSkipped, machine, percentile, startBenchServer } from "./server";
import { BENCH_DATABASE_NAME, BENCH_SERVER, benchWorkspace, PGBENCH_DATABASE_NAME, pgbenchInit, pgbenchTps, runConcurrently } from "./support";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PORT = Number(process.env.BENCH_INTAKE_PORT ?? 3198);
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 40);
const SECRET = "shpss_bench_intake";
const SHOP = "bench-shop.myshopify.com";
const TARGET_PER_SECOND = 670;

/** A stocked workspace with auto-allocation on and a connected Shopify store. */
async function prepare(db: Database): Promise<{ workspaceId: string; connectionId: string }> {
  const { workspaceId, actor } = await benchWorkspace(db, { name: "Bench intake", binCount: 8, skuCount: PRODUCTS, unitPriceMinor: 1000 });
  const receipts = Array.from({ length: PRODUCTS }, (_, p) => ({ warehouseCode: "DC", binCode: `BIN-${String(p % 8).padStart(2, "0")}`, sku: `SKU-${p}`, lotCode: `L${p}`, expiresOn: "2028-06-15", quantity: 1_000_000 }));
  await runConcurrently(receipts, 8, async (r) => void (await receiveInventory(db, actor, r)));
  await db.update(workspaces).set({ autoAllocate: true }).where(eq(workspaces.id, workspaceId));
  const [ws] = await db.select({ code: workspaces.code }).from(workspaces).where(eq(workspaces.id, workspaceId));
  const admin = await setupActor(db, ws!.code, "Setup script (bench:intake)");
  const connection = await saveChannelConnection(db, admin, { kind: "SHOPIFY", name: "Bench store", shopDomain: SHOP, signingSecret: SECRET, accessToken: "shpat_bench" });
  return { workspaceId, connectionId: connection.id };
}

/** A Shopify orders/create body as the platform sends it (the fields the intake reads). */
function shopifyOrder(i: number): string {
  const id = 5_000_000_000 + i;
  const lines = Array.from({ length: 1 + (i % 3) }, (_, l) => ({ id: id * 10 + l, variant_id: 40_000_000 + l, sku: `SKU-${(i * 7 + l * 13) % PRODUCTS}`, title: "Bench item", quantity: 1 + ((i + l) % 4), price: "10.00", requires_shipping: true }));
  return JSON.stringify({
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${1000 + i}`,
    email: `buyer${i}@example.com`,
    currency: "USD",
    total_price: "0.00",
    total_tax: "0.80",
    line_items: lines,
    shipping_address: { first_name: "Bench", last_name: `Buyer ${i}`, address1: "1 Main St", city: "Boston", province_code: "MA", zip: "02110", country_code: "US" },
    shipping_lines: [{ code: "Standard", title: "Standard", price: "5.00" }],
  });
}

interface Tally {
  ackMs: number[];
  answers: Map<string, number>;
  sent: Set<number>;
}

async function deliver(tally: Tally, connectionId: string, i: number, webhookId: string) {
  const body = shopifyOrder(i);
  const started = performance.now();
  let status = 0;
  try {
    const response = await fetch(`http://127.0.0.1:${PORT}/api/channels/shopify/${connectionId}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-hmac-sha256": createHmac("sha256", SECRET).update(body).digest("base64"),
        "x-shopify-topic": "orders/create",
        "x-shopify-shop-domain": SHOP,
        "x-shopify-api-version": "2026-10",
        "x-shopify-webhook-id": webhookId,
        "x-shopify-triggered-at": new Date().toISOString(),
      },
      body,
    });
    status = response.status;
    await response.arrayBuffer();
  } catch {
    // status 0: no answer
  }
  tally.ackMs.push(performance.now() - started);
  const key = String(status || "fetch failed");
  tally.answers.set(key, (tally.answers.get(key) ?? 0) + 1);
  if (status === 200) tally.sent.add(i);
}

/** `clients` senders until `seconds` pass; every tenth delivery repeats an earlier one's webhook id and body. */
async function drive(tally: Tally, connectionId: string, until: { seconds?: number; count?: number }, first: number, ids: string[]): Promise<number> {
  const started = performance.now();
  let next = first;
  const more = () => (until.count !== undefined ? next < first + until.count : performance.now() - started < until.seconds! * 1000);
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (more()) {
        const i = next++;
        if (i % 10 === 9 && i > 0) {
          // An earlier first delivery (never another redelivery, which has no id of its own).
          const again = Math.floor(i / 2) - (Math.floor(i / 2) % 10 === 9 ? 1 : 0);
          await deliver(tally, connectionId, again, ids[again]!);
        } else {
          ids[i] = randomUUID();
          await deliver(tally, connectionId, i, ids[i]!);
        }
      }
    }),
  );
  return next;
}

buildUnlessSkipped();

const appUrl = await recreateDatabase(BENCH_SERVER, BENCH_DATABASE_NAME);
const pgbenchUrl = await recreateDatabase(BENCH_SERVER, PGBENCH_DATABASE_NAME);
const handle = await openDatabase(appUrl);
// The app's own worker allocates (and shares the server's CPU, as in production).
const bench = startBenchServer(appUrl, PORT, CLIENTS, {});
try {
  await migrateDatabase(handle);
  console.log(`preparing: ${PRODUCTS} SKUs, a Shopify connection, auto-allocation on; pgbench scale ${CLIENTS}…`);
  const { workspaceId, connectionId } = await prepare(handle.db);
  pgbenchInit(pgbenchUrl, CLIENTS);
  await handle.db.execute(sql`vacuum analyze`);

  const booted = performance.now();
  await bench.ready(`http://127.0.0.1:${PORT}/api/v1/openapi.json`);
  const ids: string[] = [];
  const warm: Tally = { ackMs: [], answers: new Map(), sent: new Set() };
  const first = await drive(warm, connectionId, { count: CLIENTS * 4 }, 0, ids);
  console.log(`server up in ${((performance.now() - booted) / 1000).toFixed(1)} s; warmed up with ${warm.sent.size} orders`);

  const tally: Tally = { ackMs: [], answers: new Map(), sent: new Set() };
  const before = machine(bench.process.pid!);
  const started = performance.now();
  await drive(tally, connectionId, { seconds: SECONDS }, first, ids);
  const seconds = (performance.now() - started) / 1000;
  // Until the worker has decided every order the webhooks made.
  while ((await handle.db.$count(orders, and(eq(orders.workspaceId, workspaceId), eq(orders.autoAllocateDue, true)))) > 0) await new Promise((r) => setTimeout(r, 100));
  const drained = (performance.now() - started) / 1000 - seconds;
  const after = machine(bench.process.pid!);
  const acknowledged = tally.ackMs.length;
  const rate = (tally.answers.get("200") ?? 0) / seconds;
  const answers = [...tally.answers].sort(([a], [b]) => a.localeCompare(b));
  const perAck = (ms: number) => (ms / Math.max(1, acknowledged)).toFixed(2);

  console.log(`\nShopify webhooks, ${CLIENTS} senders, ${seconds.toFixed(1)} s: ${rate.toFixed(0)} acknowledged (200) per second, each stored and made an order (target ${TARGET_PER_SECOND}/s)`);
  console.log(`  the worker finished allocating ${drained.toFixed(1)} s after the last webhook: ${(tally.sent.size / (seconds + drained)).toFixed(0)} orders received and allocated per second overall`);
  console.log(`  acknowledgment p50 ${percentile(tally.ackMs, 50).toFixed(1)} ms, p99 ${percentile(tally.ackMs, 99).toFixed(1)} ms (target p99 < 1,000 ms)`);
  console.log(`  answers: ${answers.map(([key, count]) => `${key} ×${count}`).join(", ")}`);
  console.log(`  CPU per webhook, allocation included: server ${perAck(after.serverCpuMs - before.serverCpuMs)} ms, postgres ${perAck(after.postgresCpuMs - before.postgresCpuMs)} ms`);
  console.log(`  server RSS: peak ${(bench.peakRssKb() / 1024).toFixed(0)} MB`);

  const tps = pgbenchTps(pgbenchUrl, CLIENTS, Math.max(3, Math.round(seconds)));
  console.log(`\nShopify webhooks acknowledged/s (${CLIENTS} senders): ${rate.toFixed(0)}`);
  console.log(`pgbench TPC-B tps (${CLIENTS} clients): ${tps.toFixed(0)}`);
  console.log(`ratio webhooks/pgbench: ${(rate / tps).toFixed(3)}`);

  // No order lost, none twice: every distinct order acknowledged is exactly one stored order, allocated.
  const distinct = new Set([...warm.sent, ...tally.sent]).size;
  const stored = await handle.db.$count(orders, eq(orders.workspaceId, workspaceId));
  const allocated = await handle.db.$count(orders, and(eq(orders.workspaceId, workspaceId), eq(orders.status, "ALLOCATED")));
  const messages = await handle.db.$count(intakeMessages, eq(intakeMessages.workspaceId, workspaceId));
  const audit = await auditInventory(handle.db, workspaceId);
  const inventoryHolds = JSON.stringify(audit) === JSON.stringify(NO_VIOLATIONS);
  const sound = stored === distinct && allocated === distinct && messages === distinct && inventoryHolds;
  console.log(`invariants: distinct orders acknowledged ${distinct}; orders stored ${stored}; ALLOCATED ${allocated}; intake messages ${messages}; inventory ${inventoryHolds ? "holds" : "VIOLATED"}${sound ? "" : " — MISMATCH"}`);
  if ((tally.answers.get("200") ?? 0) !== acknowledged) console.log(`server stderr (last 4,000 characters):\n${bench.errors()}`);
  process.exitCode = sound && (tally.answers.get("200") ?? 0) === acknowledged ? 0 : 1;
} finally {
  bench.stop();
  await handle.close();
}
