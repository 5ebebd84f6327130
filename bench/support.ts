import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import type { Database } from "../db/client";
import { bins, products, users, warehouses, workspaces } from "../db/schema";
import { actorForUser, type Actor } from "../server/services/actor";
import { backendsOf, CpuMeter } from "./cpu";

/** The Postgres server every benchmark runs on (and beside pgbench). */
export const BENCH_SERVER = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * The databases a benchmark drops and recreates: BENCH_DATABASE_NAME (default `loopline_bench`)
 * and the same with `_pgbench`. Several engineers share one server; two runs on one name would
 * drop each other's database mid-run.
 */
export const BENCH_DATABASE_NAME = process.env.BENCH_DATABASE_NAME ?? "loopline_bench";
export const PGBENCH_DATABASE_NAME = `${BENCH_DATABASE_NAME}_pgbench`;

/** A fresh workspace for one benchmark round: warehouse DC with `binCount` bins, SKU-0… and an operator. */
export async function benchWorkspace(db: Database, opts: { name: string; binCount: number; skuCount: number; unitPriceMinor: number }): Promise<{ workspaceId: string; actor: Actor }> {
  const tag = randomUUID().slice(0, 6).toUpperCase();
  const [ws] = await db.insert(workspaces).values({ code: `B${tag}`, name: opts.name, orderPrefix: `B${tag}` }).returning();
  const workspaceId = ws!.id;
  const [wh] = await db.insert(warehouses).values({ workspaceId, code: "DC", name: "Bench DC" }).returning();
  await db.insert(bins).values(Array.from({ length: opts.binCount }, (_, i) => ({ workspaceId, warehouseId: wh!.id, code: `BIN-${String(i).padStart(2, "0")}`, zone: "A", pickSequence: i })));
  await db.insert(products).values(Array.from({ length: opts.skuCount }, (_, i) => ({ workspaceId, sku: `SKU-${i}`, name: `Product ${i}`, unitPriceMinor: opts.unitPriceMinor, currency: "USD", weightGrams: 200 })));
  const [u] = await db.insert(users).values({ workspaceId, email: `bench-${tag}@bench.local`, name: "Bench", passwordHash: "-", role: "operator" }).returning();
  return { workspaceId, actor: actorForUser(u!) };
}

function pgbenchArgs(url: string): string[] {
  const u = new URL(url);
  return ["-h", u.hostname, "-p", u.port || "5432", "-U", decodeURIComponent(u.username || "postgres"), u.pathname.slice(1)];
}

export function pgbenchInit(url: string, scale: number): void {
  execFileSync("pgbench", ["-i", "-q", "-s", String(scale), ...pgbenchArgs(url)], { stdio: "pipe" });
}

/** pgbench's built-in TPC-B-like transaction: returns transactions per second. */
export function pgbenchTps(url: string, clients: number, seconds: number): number {
  const out = execFileSync("pgbench", ["-n", "-c", String(clients), "-j", "2", "-T", String(seconds), ...pgbenchArgs(url)], { encoding: "utf8" });
  const match = /tps = ([\d.]+)/.exec(out);
  if (!match) throw new Error(`could not read pgbench output:\n${out}`);
  return Number(match[1]);
}

/**
 * The same run, with where its CPU went: the Postgres backends of pgbench's database and the
 * pgbench client, sampled while it runs (its connections end with it), per transaction.
 */
export async function pgbenchRun(url: string, clients: number, seconds: number): Promise<{ tps: number; transactions: number; postgresCpuMsPerTx: number; clientCpuMsPerTx: number }> {
  const database = new URL(url).pathname.slice(1);
  const postgres = new CpuMeter(backendsOf(database));
  const client = new CpuMeter((title) => /(^|\/)pgbench$/.test(title[0] ?? "") && title.includes(database));
  const sampler = setInterval(() => (postgres.sample(), client.sample()), 100);
  try {
    const { stdout } = await promisify(execFile)("pgbench", ["-n", "-c", String(clients), "-j", "2", "-T", String(seconds), ...pgbenchArgs(url)], { encoding: "utf8" });
    const tps = /tps = ([\d.]+)/.exec(stdout);
    const processed = /number of transactions actually processed: (\d+)/.exec(stdout);
    if (!tps || !processed) throw new Error(`could not read pgbench output:\n${stdout}`);
    const transactions = Number(processed[1]);
    return { tps: Number(tps[1]), transactions, postgresCpuMsPerTx: postgres.usedMs() / transactions, clientCpuMsPerTx: client.usedMs() / transactions };
  } finally {
    clearInterval(sampler);
  }
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs `task` over `items` with `clients` concurrent workers. */
export async function runConcurrently<T>(items: T[], clients: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}
