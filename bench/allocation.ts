// The allocation workload of bench:allocate, for every benchmark that measures allocation:
// a stocked workspace with prepared orders (a round), allocated by concurrent clients.
import { readdirSync, readFileSync } from "node:fs";
import type { Database } from "../db/client";
import { DomainError } from "../server/domain/errors";
import type { Actor } from "../server/services/actor";
import { receiveInventory } from "../server/services/inventory/receiveInventory";
import { allocateOrder, allocateOrders } from "../server/services/orders/allocateOrder";
import { createOrder } from "../server/services/orders/createOrder";
import { BENCH_DATABASE_NAME, benchWorkspace, runConcurrently } from "./support";

/** Scarce SKUs that many orders want at once: where overselling would happen. */
export const HOT = 3;

export interface AllocationWorkload {
  clients: number;
  /** Orders prepared per round. */
  orders: number;
  /** SKUs per round; more means less contention on the same positions. */
  products: number;
}

export interface Round {
  workspaceId: string;
  actor: Actor;
  orderIds: string[];
}

export async function prepareRound(db: Database, round: number, workload: AllocationWorkload): Promise<Round> {
  const { clients, orders, products } = workload;
  const { workspaceId, actor } = await benchWorkspace(db, { name: `Bench ${round}`, binCount: 8, skuCount: products, unitPriceMinor: 1000 });

  // 3 lots x 2 bins per SKU; hot SKUs get a few units only.
  const receipts = [];
  for (let p = 0; p < products; p++) {
    for (let lot = 0; lot < 3; lot++) {
      for (let b = 0; b < 2; b++) {
        receipts.push({ warehouseCode: "DC", binCode: `BIN-${String((p + lot + b) % 8).padStart(2, "0")}`, sku: `SKU-${p}`, lotCode: `L${p}-${lot}`, expiresOn: `2028-0${lot + 1}-15`, quantity: p < HOT ? 20 : 2000 });
      }
    }
  }
  await runConcurrently(receipts, clients, async (r) => void (await receiveInventory(db, actor, r)));

  const orderIds: string[] = [];
  const specs = Array.from({ length: orders }, (_, i) => i);
  await runConcurrently(specs, clients, async (i) => {
    const lineCount = 1 + (i % 3);
    const lines = Array.from({ length: lineCount }, (_, l) => ({ sku: `SKU-${(i * 7 + l * 13) % products}`, quantity: 1 + ((i + l) % 4) }));
    const order = await createOrder(db, actor, { customerName: `Bench ${i}`, shipTo: { name: "B", line1: "1 St", city: "C", region: "R", postalCode: "1", country: "US" }, plannedShipDate: "2026-11-23", acceptsBackorder: i % 5 === 0, lines });
    orderIds.push(order.id);
  });
  return { workspaceId, actor, orderIds };
}

/**
 * CPU time so far of the Postgres backends serving the bench database (Linux /proc), to split a
 * command's cost. Only those: the server is shared, and other sessions' backends come and go (one
 * that exits takes its ticks with it, which once made the difference negative). Background
 * processes (WAL writer, checkpointer) are left out with them.
 */
export function postgresCpuMs(): number {
  const backend = new RegExp(`^postgres: .* ${BENCH_DATABASE_NAME} `);
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (!backend.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"))) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended between listing and reading
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** What the allocation command decided for one order. */
interface Decision {
  orderId: string;
  allocated: boolean;
  code?: string;
}

/** One order through allocateOrder, the command the Allocate button calls. */
async function allocateOne(db: Database, actor: Actor, [orderId]: string[]): Promise<Decision[]> {
  try {
    await allocateOrder(db, actor, { orderId: orderId!, version: 1 });
    return [{ orderId: orderId!, allocated: true }];
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return [{ orderId: orderId!, allocated: false, code: e.code }];
  }
}

/** A batch through allocateOrders, the command behind Allocate all and the bulk endpoint. */
async function allocateBatch(db: Database, actor: Actor, orderIds: string[]): Promise<Decision[]> {
  const results = await allocateOrders(db, actor, { orders: orderIds.map((orderId) => ({ orderId, version: 1 })) });
  return results.map((r) => ({ orderId: r.orderId, allocated: r.allocated, code: r.allocated ? undefined : r.error.code }));
}

/**
 * Allocates every order of the round with `clients` concurrent clients, each sending `batch`
 * orders at a time (1: one allocateOrder each; more: allocateOrders). Refusals for short stock
 * count as work done: the command took the same locks and planned; any other refusal fails the
 * run. `onAllocated` hears of each order as its allocation commits.
 */
export async function allocateAll(db: Database, round: Round, opts: { clients: number; batch?: number; onAllocated?: (orderId: string) => void }) {
  const batch = opts.batch ?? 1;
  const send = batch === 1 ? allocateOne : allocateBatch;
  const batches = Array.from({ length: Math.ceil(round.orderIds.length / batch) }, (_, i) => round.orderIds.slice(i * batch, (i + 1) * batch));
  let allocated = 0;
  let refused = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const pgCpu = postgresCpuMs();
  await runConcurrently(batches, opts.clients, async (orderIds) => {
    for (const decision of await send(db, round.actor, orderIds)) {
      if (decision.allocated) {
        allocated++;
        opts.onAllocated?.(decision.orderId);
      } else if (decision.code === "INSUFFICIENT_STOCK") refused++;
      else throw new Error(`order ${decision.orderId} refused: ${decision.code}`);
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const count = round.orderIds.length;
  return {
    /** Orders decided (allocated or refused short) per second. */
    perSecond: count / seconds,
    allocatedPerSecond: allocated / seconds,
    allocated,
    refused,
    seconds,
    /** CPU per order decided. */
    nodeCpuMs: (used.user + used.system) / 1000 / count,
    postgresCpuMs: (postgresCpuMs() - pgCpu) / count,
  };
}
