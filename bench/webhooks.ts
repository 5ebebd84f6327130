// bench/webhooks: outbound webhooks on the Postgres server, POSTed to a receiver on loopback (in
// this process) that answers 200 at once.
// Figure 1: deliveries per second. BENCH_EVENTS orders (one dcm.order.received each) are owed to
// 4 endpoints before any worker runs; 2 worker loops (as two app instances would run them) send
// them all. Then commit→arrival latency while 8 clients create orders and the workers keep up.
// Figure 2: what the machinery costs allocation. bench:allocate's workload three ways, rounds
// interleaved: no endpoints; 4 endpoints subscribed to everything but no worker (the commands'
// own share: nothing is written on their path); the same with the worker running beside them.
// pgbench TPC-B after each round for as long as the round took. Then the inventory invariants,
// and every delivery owed arrived.
// Usage: npm run bench:webhooks
// Knobs: BENCH_DATABASE_URL, BENCH_DATABASE_NAME (loopline_bench), BENCH_EVENTS (5000), BENCH_ROUNDS per way (2),
// BENCH_ORDERS per round (3000), BENCH_CLIENTS (8), BENCH_PRODUCTS (40).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows, type Database, type DatabaseHandle } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { recreateDatabase } from "../db/recreate";
import { workspaces } from "../db/schema";
import { startWebhookWorker, type RunningWorker } from "../server/jobs/webhookWorker";
import { auditInventory, NO_VIOLATIONS } from "../server/services/inventory/audit";
import { createOrder } from "../server/services/orders/createOrder";
import { dispatchLoopEvents } from "../server/services/webhooks/dispatch";
import { createWebhookEndpoint } from "../server/services/webhooks/endpoints";
import { subscribed } from "../server/services/webhooks/subscription";
import { setupActor } from "../server/services/workspace";
import { allocateAll, HOT, postgresCpuMs, prepareRound, type AllocationWorkload, type Round } from "./allocation";
import { BENCH_DATABASE_NAME, BENCH_SERVER, benchWorkspace, median, PGBENCH_DATABASE_NAME, pgbenchInit, pgbenchTps, runConcurrently } from "./support";

// The receiver listens on this machine: private targets are allowed for this process only.
process.env.LOOPLINE_WEBHOOKS_ALLOW_PRIVATE = "1";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const WORKLOAD: AllocationWorkload = { clients: CLIENTS, orders: Number(process.env.BENCH_ORDERS ?? 3000), products: Number(process.env.BENCH_PRODUCTS ?? 40) };
const ENDPOINTS = 4;
const LATENCY_ORDERS = Math.min(2000, EVENTS);

/**
 * The consumer: answers 200 before it looks at anything, then counts each (endpoint path,
 * webhook-id) and, while `listening` is set, notes when each event about which subject arrived.
 */
async function startReceiver() {
  const counts = new Map<string, number>();
  const arrivals: { subjectId: string; at: number }[] = [];
  const receiver = {
    counts,
    arrivals,
    listening: false,
    url: "",
    close: async () => {},
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const at = performance.now();
      response.end("ok");
      const key = `${request.url} ${request.headers["webhook-id"]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (receiver.listening) arrivals.push({ subjectId: (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { subject: { id: string } }).subject.id, at });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** An admin of the workspace, as the setup scripts act. */
async function adminOf(db: Database, workspaceId: string) {
  const [ws] = await queryRows<{ code: string }>(db, sql`select code from ${workspaces} where id = ${workspaceId}`);
  return setupActor(db, ws!.code, "Setup script (bench:webhooks)");
}

/** 4 endpoints of the workspace, each on its own path of the receiver. */
async function subscribe(db: Database, receiver: Receiver, workspaceId: string, label: string, eventTypes: string[]) {
  const admin = await adminOf(db, workspaceId);
  const endpoints: { id: string; path: string }[] = [];
  for (let i = 0; i < ENDPOINTS; i++) {
    const path = `/hooks/${label}-${i}`;
    const endpoint = await createWebhookEndpoint(db, admin, { url: `${receiver.url}${path}`, eventTypes });
    endpoints.push({ id: endpoint.id, path });
  }
  return endpoints;
}

/** Moves the dispatch cursor past everything committed so far (nothing owed: it is only reading). */
async function catchUpDispatch(db: Database) {
  while ((await dispatchLoopEvents(db, new Date())).read > 0);
}

/** Worker loops in this process, each on its own pool, as app instances run them. */
async function startWorkers(url: string, count: number) {
  const running: { handle: DatabaseHandle; worker: RunningWorker }[] = [];
  for (let i = 0; i < count; i++) {
    const handle = await openDatabase(url);
    running.push({ handle, worker: startWebhookWorker(handle.db) });
  }
  return async () => {
    for (const { handle, worker } of running) {
      await worker.stop();
      await handle.close();
    }
  };
}

/** The deliveries owed to these endpoints: each event of their workspace from their creation on that they subscribe to. */
async function owedTo(db: Database, endpoints: { id: string; path: string }[]) {
  return queryRows<{ endpointId: string; eventId: string }>(
    db,
    sql`select w.id as "endpointId", e.id as "eventId" from webhook_endpoints w
        join loop_events e on e.workspace_id = w.workspace_id and e.occurred_at >= w.created_at
        where w.id in ${endpoints.map((e) => e.id)}
          and ${subscribed}`,
  );
}

/** Waits until `owed` deliveries of these endpoints SUCCEEDED; returns the seconds it took. */
async function untilDelivered(db: Database, endpoints: { id: string }[], owed: number, since = performance.now()) {
  for (;;) {
    const [row] = await queryRows<{ done: number; failed: number }>(
      db,
      sql`select count(*) filter (where status = 'SUCCEEDED')::int as done, count(*) filter (where status = 'FAILED')::int as failed
          from webhook_deliveries where endpoint_id in ${endpoints.map((e) => e.id)}`,
    );
    if (row!.failed > 0) throw new Error(`${row!.failed} deliveries FAILED`);
    if (row!.done >= owed) return (performance.now() - since) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every owed delivery arrived (deduplicated by webhook-id), and nothing else at these endpoints. */
async function checkArrivals(db: Database, receiver: Receiver, endpoints: { id: string; path: string }[]) {
  const owed = await owedTo(db, endpoints);
  const pathOf = new Map(endpoints.map((e) => [e.id, e.path]));
  const missing = owed.filter((o) => !receiver.counts.has(`${pathOf.get(o.endpointId)} ${o.eventId}`)).length;
  const paths = new Set(endpoints.map((e) => e.path));
  const arrived = [...receiver.counts].filter(([key]) => paths.has(key.split(" ")[0]!));
  const duplicates = arrived.reduce((n, [, count]) => n + count - 1, 0);
  const [row] = await queryRows<{ notSucceeded: number }>(db, sql`select count(*)::int as "notSucceeded" from webhook_deliveries where endpoint_id in ${endpoints.map((e) => e.id)} and status <> 'SUCCEEDED'`);
  return { owed: owed.length, arrived: arrived.length, missing, unowed: arrived.length - (owed.length - missing), duplicates, notSucceeded: row!.notSucceeded };
}

/** p50 and p99 of commit→arrival, ms, of the arrivals whose subject's commit time is known. */
function latency(arrivals: { subjectId: string; at: number }[], committedAt: Map<string, number>) {
  const ms = arrivals.filter((a) => committedAt.has(a.subjectId)).map((a) => Math.max(0, a.at - committedAt.get(a.subjectId)!));
  const sorted = ms.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

const fixed = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const percent = (n: number) => `${n >= 0 ? "+" : ""}${(n * 100).toFixed(1)}%`;

async function figure1(db: Database, url: string, receiver: Receiver): Promise<boolean> {
  const { workspaceId, actor } = await benchWorkspace(db, { name: "Bench webhooks", binCount: 1, skuCount: 1, unitPriceMinor: 1000 });
  const endpoints = await subscribe(db, receiver, workspaceId, "fig1", ["dcm.order.received"]);
  const order = (i: number) => createOrder(db, actor, { customerName: `Bench ${i}`, shipTo: { name: "B", line1: "1 St", city: "C", region: "R", postalCode: "1", country: "US" }, plannedShipDate: "2026-11-23", lines: [{ sku: "SKU-0", quantity: 1 }] });

  console.log(`\nFigure 1: outbound webhooks to a loopback receiver that answers 200 at once, ${ENDPOINTS} endpoints subscribed to dcm.order.received`);
  await runConcurrently(Array.from({ length: EVENTS }, (_, i) => i), CLIENTS, async (i) => void (await order(i)));
  const owed = EVENTS * ENDPOINTS;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const pgCpu = postgresCpuMs();
  const stopWorkers = await startWorkers(url, 2);
  const seconds = await untilDelivered(db, endpoints, owed, started);
  const used = process.cpuUsage(cpu);
  const pgUsed = postgresCpuMs() - pgCpu;
  console.log(`  backlog: ${fixed(EVENTS)} events committed, ${fixed(owed)} deliveries owed; 2 worker loops from a standing start`);
  console.log(`    all SUCCEEDED in ${seconds.toFixed(1)} s: ${fixed(owed / seconds)} deliveries/s (${fixed(EVENTS / seconds)} events/s to each of ${ENDPOINTS} endpoints)`);
  console.log(`    CPU per delivery: node (workers and receiver) ${((used.user + used.system) / 1000 / owed).toFixed(2)} ms, postgres ${(pgUsed / owed).toFixed(2)} ms`);

  // Live: the workers are running; 8 clients create orders as fast as they can.
  const committedAt = new Map<string, number>();
  receiver.listening = true;
  const liveStarted = performance.now();
  await runConcurrently(Array.from({ length: LATENCY_ORDERS }, (_, i) => i), CLIENTS, async (i) => {
    const created = await order(EVENTS + i);
    committedAt.set(created.id, performance.now());
  });
  const createdIn = (performance.now() - liveStarted) / 1000;
  const liveSeconds = await untilDelivered(db, endpoints, owed + LATENCY_ORDERS * ENDPOINTS, liveStarted);
  receiver.listening = false;
  await stopWorkers();
  const live = latency(receiver.arrivals.splice(0), committedAt);
  console.log(`  live: ${fixed(LATENCY_ORDERS)} orders created by ${CLIENTS} clients in ${createdIn.toFixed(1)} s (${fixed(LATENCY_ORDERS / createdIn)}/s) while the 2 workers run; all ${fixed(LATENCY_ORDERS * ENDPOINTS)} delivered ${(liveSeconds - createdIn).toFixed(1)} s after the last commit`);
  console.log(`    commit→arrival over ${fixed(live.count)} deliveries: p50 ${fixed(live.p50)} ms, p99 ${fixed(live.p99)} ms, max ${fixed(live.max)} ms (an idle worker looks again after 500 ms)`);

  const check = await checkArrivals(db, receiver, endpoints);
  console.log(`  arrivals: ${fixed(check.owed)} owed, ${fixed(check.arrived)} arrived (deduplicated by webhook-id), ${check.missing} missing, ${check.unowed} not owed, ${check.duplicates} sent twice, ${check.notSucceeded} not SUCCEEDED`);
  return check.missing === 0 && check.unowed === 0 && check.notSucceeded === 0;
}

type Way = "none" | "endpoints" | "worker";
const WAYS: { way: Way; label: string }[] = [
  { way: "none", label: "no endpoints, no worker" },
  { way: "endpoints", label: `${ENDPOINTS} endpoints (every event), no worker` },
  { way: "worker", label: `${ENDPOINTS} endpoints, the worker running beside` },
];

async function figure2(db: Database, url: string, pgbenchUrl: string, receiver: Receiver): Promise<boolean> {
  console.log(`\nFigure 2: allocation (bench:allocate's workload: ${fixed(WORKLOAD.orders)} orders a round, ${WORKLOAD.products} SKUs, ${HOT} scarce, ${CLIENTS} clients) three ways, ${ROUNDS} rounds each, interleaved`);
  console.log(`  preparing ${ROUNDS * WAYS.length} rounds and pgbench scale ${CLIENTS}…`);
  const rounds: Round[] = [];
  for (let r = 0; r < ROUNDS * WAYS.length; r++) rounds.push(await prepareRound(db, r, WORKLOAD));
  pgbenchInit(pgbenchUrl, CLIENTS);
  await db.execute(sql`vacuum analyze`);

  const results = new Map<Way, { perSecond: number; tps: number }[]>(WAYS.map((w) => [w.way, []]));
  let allArrived = true;
  for (const [r, round] of rounds.entries()) {
    const { way, label } = WAYS[r % WAYS.length]!;
    await catchUpDispatch(db); // the rounds' preparation: read, nothing owed
    const endpoints = way === "none" ? [] : await subscribe(db, receiver, round.workspaceId, `round${r}`, []);
    const committedAt = new Map<string, number>();
    const stopWorker = way === "worker" ? await startWorkers(url, 1) : null;
    receiver.listening = way === "worker";
    const a = await allocateAll(db, round, { clients: CLIENTS, onAllocated: (orderId) => committedAt.set(orderId, performance.now()) });
    let note = "";
    if (endpoints.length) {
      // Sent beside the allocations, or now (the way without a worker); then pgbench runs alone.
      const owed = (await owedTo(db, endpoints)).length;
      const [{ sent }] = (await queryRows<{ sent: number }>(db, sql`select count(*)::int as sent from webhook_deliveries where endpoint_id in ${endpoints.map((e) => e.id)} and status = 'SUCCEEDED'`)) as [{ sent: number }];
      const stop = stopWorker ?? (await startWorkers(url, 1));
      const drained = await untilDelivered(db, endpoints, owed);
      receiver.listening = false;
      await stop();
      const check = await checkArrivals(db, receiver, endpoints);
      allArrived &&= check.missing === 0 && check.unowed === 0 && check.notSucceeded === 0;
      note = ` | ${fixed(owed)} deliveries owed, ${fixed(sent)} sent by the end of the round, the rest in ${drained.toFixed(1)} s after; ${check.missing} missing, ${check.duplicates} twice`;
      if (way === "worker") {
        const l = latency(receiver.arrivals.splice(0), committedAt);
        note += `; commit→arrival p50 ${fixed(l.p50)} ms, p99 ${fixed(l.p99)} ms`;
      }
    }
    const tps = pgbenchTps(pgbenchUrl, CLIENTS, Math.max(3, Math.round(a.seconds)));
    results.get(way)!.push({ perSecond: a.perSecond, tps });
    console.log(`  round ${r + 1} (${label}): allocate ${fixed(a.perSecond)}/s (${a.allocated} allocated, ${a.refused} refused short, ${a.seconds.toFixed(1)} s; CPU per allocation node ${a.nodeCpuMs.toFixed(2)} ms, postgres ${a.postgresCpuMs.toFixed(2)} ms) | pgbench ${fixed(tps)} tps${note}`);
  }

  console.log(`\n  ${"way".padEnd(46)}${"allocations/s".padStart(14)}${"pgbench tps".padStart(13)}${"alloc/pgbench".padStart(15)}${"vs none (raw)".padStart(15)}${"vs none (ratio)".padStart(17)}   rounds (allocations/s)`);
  const summary = WAYS.map(({ way, label }) => {
    const rows = results.get(way)!;
    const perSecond = median(rows.map((x) => x.perSecond));
    const tps = median(rows.map((x) => x.tps));
    return { label, perSecond, tps, ratio: median(rows.map((x) => x.perSecond / x.tps)), rounds: rows.map((x) => fixed(x.perSecond)).join(", ") };
  });
  const base = summary[0]!;
  for (const s of summary) {
    console.log(`  ${s.label.padEnd(46)}${fixed(s.perSecond).padStart(14)}${fixed(s.tps).padStart(13)}${s.ratio.toFixed(3).padStart(15)}${percent(s.perSecond / base.perSecond - 1).padStart(15)}${percent(s.ratio / base.ratio - 1).padStart(17)}   ${s.rounds}`);
  }
  console.log(`  (medians of ${ROUNDS} rounds each; "ratio" divides each round by the pgbench run right after it: on a shared machine both swing, so look at the rounds too)`);

  let violations = 0;
  for (const round of rounds) {
    const audit = await auditInventory(db, round.workspaceId);
    violations += Object.values(audit).reduce((n, rows) => n + rows.length, 0);
    if (JSON.stringify(audit) !== JSON.stringify(NO_VIOLATIONS)) console.log("violations:", JSON.stringify(audit).slice(0, 2000));
  }
  console.log(`\ninvariants: ${violations === 0 ? "hold (on hand = ledger, 0 <= reserved <= on hand, reserved = active reservations, no line over-allocated); oversell 0" : `${violations} VIOLATIONS`}`);
  console.log(`owed deliveries: ${allArrived ? "every one arrived and SUCCEEDED" : "SOME MISSING (see the rounds above)"}`);
  return violations === 0 && allArrived;
}

const appUrl = await recreateDatabase(BENCH_SERVER, BENCH_DATABASE_NAME);
const pgbenchUrl = await recreateDatabase(BENCH_SERVER, PGBENCH_DATABASE_NAME);
process.env.DATABASE_POOL_SIZE = String(CLIENTS);
const handle = await openDatabase(appUrl);
const receiver = await startReceiver();
try {
  await migrateDatabase(handle);
  const delivered = await figure1(handle.db, appUrl, receiver);
  const held = await figure2(handle.db, appUrl, pgbenchUrl, receiver);
  process.exitCode = delivered && held ? 0 : 1;
} finally {
  await receiver.close();
  await handle.close();
}
