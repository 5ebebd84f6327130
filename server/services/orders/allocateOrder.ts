import { and, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, Tx } from "../../../db/client";
import { bins, inventoryPositions, lots, orderLines, orders, products, workspaces } from "../../../db/schema";
import { planAllocation, planBatchAllocation, type AllocationPlan, type LineDemand, type OrderDemand, type StockCandidate } from "../../domain/allocation";
import { DomainError, InsufficientStock, LotNotUsable, NotFound, WrongState } from "../../domain/errors";
import { isoDateOf, type IsoDate } from "../../domain/dates";
import { lotUsability, usabilityDate } from "../../domain/lots";
import { orderEventType } from "../../domain/orderLoop";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { recordEvents, type LoopEventInput } from "../events";
import { parseInput } from "../input";
import { lotFacts, stockCandidateFields, sumBy } from "../positions";
import { rowsTable } from "../rowsTable";
import { orderRef, type OrderRef } from "./orderRef";
import { assertVersion, type OrderRow } from "./scope";
import { assertOrderTransition, recordOrderChange } from "./transition";

/** Orders one allocation batch may carry: one transaction holds their locks until it commits. */
export const ALLOCATION_BATCH_MAX = 200;

export const allocateOrdersInput = z.object({
  orders: z
    .array(orderRef)
    .min(1, "must name at least one order")
    .max(ALLOCATION_BATCH_MAX, `must name at most ${ALLOCATION_BATCH_MAX} orders`)
    // A uuid in capitals names the same order (Postgres reads either), so it is the same entry.
    .refine((refs) => new Set(refs.map((r) => canonicalId(r.orderId))).size === refs.length, "must name each order once"),
});
export type AllocateOrdersInput = z.input<typeof allocateOrdersInput>;

/** What allocation did to one order of a batch: its own outcome, whatever the others got. */
export type AllocationOutcome =
  | { orderId: string; allocated: true; order: OrderRow; backordered: { sku: string; quantity: number }[] }
  | { orderId: string; allocated: false; number: string | null; error: DomainError };

/** An outcome as every transport reports it: the refusal's code, words and details (the shortage). */
export function allocationResult(outcome: AllocationOutcome) {
  if (outcome.allocated) {
    const { order, backordered } = outcome;
    return { orderId: order.id, number: order.number, allocated: true as const, status: order.status, version: order.version, backordered };
  }
  const { error } = outcome;
  return { orderId: outcome.orderId, number: outcome.number, allocated: false as const, error: { code: error.code, message: error.message, details: error.details } };
}
export type AllocationResult = ReturnType<typeof allocationResult>;

/**
 * RECEIVED → ALLOCATED: reserves every line from usable stock, FEFO across lots and bins.
 * Short stock is refused with the shortage per SKU, unless the order accepts backorders and
 * something could be reserved: then the rest is recorded as backordered.
 */
export async function allocateOrder(db: Database, actor: Actor, raw: OrderRef): Promise<OrderRow> {
  assertCan(actor.role, "order.allocate");
  const ref = parseInput(orderRef, raw);
  const [outcome] = await db.transaction((tx) => allocateInTransaction(tx, actor, [ref]));
  if (!outcome!.allocated) throw outcome!.error;
  return outcome!.order;
}

/**
 * Allocates a batch of orders in one transaction with one set of statements, oldest order first
 * (the fairness rule, `compareFairness`). Each order's outcome is its own: one that is short, in
 * another state or changed since the caller read it is refused with its reason, and the rest
 * commit. Outcomes come back in the order they were asked for.
 */
export async function allocateOrders(db: Database, actor: Actor, raw: AllocateOrdersInput): Promise<AllocationResult[]> {
  assertCan(actor.role, "order.allocate");
  const input = parseInput(allocateOrdersInput, raw);
  const outcomes = await db.transaction((tx) => allocateInTransaction(tx, actor, input.orders));
  return outcomes.map(allocationResult);
}

/**
 * Stock arrived for a backorder: reserves what is usable now for the backordered lines of an
 * ALLOCATED order (before it is queued) or a PARTIALLY_SHIPPED one (then queue it again for a
 * second fulfillment). What is still missing stays backordered; nothing at all is refused.
 */
export async function allocateBackorder(db: Database, actor: Actor, raw: OrderRef) {
  assertCan(actor.role, "order.allocate");
  const input = parseInput(orderRef, raw);
  return db.transaction(async (tx) => {
    const locked = (await lockOrdersWithLines(tx, actor, [input.orderId])).get(canonicalId(input.orderId));
    if (!locked) throw new NotFound("Order", input.orderId);
    const { order } = locked;
    assertVersion(order, input.version);
    if (order.status !== "ALLOCATED" && order.status !== "PARTIALLY_SHIPPED") throw new WrongState(`Order ${order.number}`, order.status, "allocate its backorder", ["ALLOCATED", "PARTIALLY_SHIPPED"]);
    if (locked.lines.every((l) => l.backorderedQty === 0)) throw new WrongState(`Order ${order.number}`, "without backorder", "allocate its backorder", ["backordered"]);
    const usableOn = usableOnFor(locked);
    assertPinnedLotsUsable(locked, usableOn);
    const stock = await lockStock(tx, actor, [order.warehouseId], locked.lines.map((l) => l.productId));
    const demand = demandOf(locked);
    const plan = planAllocation(demand, stock, usableOn);
    if (plan.reservations.length === 0) throw new InsufficientStock(plan.shortages);
    await writeReservations(tx, actor, [{ orderId: order.id, plan, demand }]);
    return recordOrderChange(tx, actor, order, "dcm.order.backorder_allocated", {
      reserved: reservedUnits(plan),
      stillBackordered: backorderedOf(plan),
    }, [reservedEvent(order, plan)]);
  });
}

/** A uuid as Postgres writes it: the key the locked orders are found by. */
function canonicalId(id: string): string {
  return id.toLowerCase();
}

async function allocateInTransaction(tx: Tx, actor: Actor, asked: z.output<typeof orderRef>[]): Promise<AllocationOutcome[]> {
  const refs = asked.map((r) => ({ ...r, orderId: canonicalId(r.orderId) }));
  const locked = await lockOrdersWithLines(tx, actor, refs.map((r) => r.orderId));
  const refused = new Map<string, DomainError>();
  const demands: (OrderDemand & { warehouseId: string })[] = [];
  for (const ref of refs) {
    const found = locked.get(ref.orderId);
    try {
      if (!found) throw new NotFound("Order", ref.orderId);
      assertVersion(found.order, ref.version);
      assertOrderTransition(found.order, "ALLOCATED");
      // The loop lets a queued order back to ALLOCATED, but that is cancelling its fulfillment,
      // not allocating: only a received order is allocated.
      if (found.order.status !== "RECEIVED") throw new WrongState(`Order ${found.order.number}`, found.order.status, "allocate it", ["RECEIVED"]);
      const usableOn = usableOnFor(found);
      // A pinned lot is the only source for its line: if it went on hold or expired, say so.
      assertPinnedLotsUsable(found, usableOn);
      const { order } = found;
      demands.push({ orderId: order.id, receivedAt: order.receivedAt, number: order.number, acceptsBackorder: order.acceptsBackorder, usableOn, lines: demandOf(found), warehouseId: order.warehouseId });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refused.set(ref.orderId, error);
    }
  }

  const stock = await lockStock(tx, actor, demands.map((d) => d.warehouseId), demands.flatMap((d) => d.lines.map((l) => l.productId)));
  const planned: { orderId: string; plan: AllocationPlan; demand: LineDemand[] }[] = [];
  // Warehouses share no stock: each is its own queue under the fairness rule.
  for (const warehouseId of new Set(demands.map((d) => d.warehouseId))) {
    const inWarehouse = demands.filter((d) => d.warehouseId === warehouseId);
    for (const decision of planBatchAllocation(inWarehouse, stock.filter((s) => s.warehouseId === warehouseId))) {
      if (decision.allocated) planned.push({ orderId: decision.orderId, plan: decision.plan, demand: inWarehouse.find((d) => d.orderId === decision.orderId)!.lines });
      else refused.set(decision.orderId, new InsufficientStock(decision.shortages));
    }
  }

  await writeReservations(tx, actor, planned);
  const allocated = await markAllocated(tx, actor, planned.map((p) => locked.get(p.orderId)!.order), new Map(planned.map((p) => [p.orderId, p.plan])));
  return refs.map((ref): AllocationOutcome => {
    const order = allocated.get(ref.orderId);
    if (order) return { orderId: ref.orderId, allocated: true, order, backordered: backorderedOf(planned.find((p) => p.orderId === ref.orderId)!.plan) };
    return { orderId: ref.orderId, allocated: false, number: locked.get(ref.orderId)?.order.number ?? null, error: refused.get(ref.orderId)! };
  });
}

type LockedOrder = Awaited<ReturnType<typeof lockOrdersWithLines>> extends Map<string, infer T> ? T : never;

/**
 * The orders' rows locked, in id order (the order every command that locks several orders uses,
 * so two batches cannot deadlock), with their lines read in the same statement. Allocation is
 * staff-only, so the workspace is the whole scope here. A named prepared statement: Postgres
 * plans it once per connection instead of per command.
 */
async function lockOrdersWithLines(tx: Tx, actor: Actor, orderIds: string[]) {
  const rows = await tx
    .select({
      order: orders,
      line: { id: orderLines.id, productId: orderLines.productId, quantity: orderLines.quantity, allocatedQty: orderLines.allocatedQty, shippedQty: orderLines.shippedQty, backorderedQty: orderLines.backorderedQty, pinnedLotId: orderLines.pinnedLotId },
      sku: products.sku,
      minShelfLifeDays: products.minShelfLifeDays,
      pinnedLot: lotFacts,
      timeZone: workspaces.timeZone,
    })
    .from(orders)
    .innerJoin(workspaces, eq(workspaces.id, orders.workspaceId))
    .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
    .innerJoin(products, eq(products.id, orderLines.productId))
    .leftJoin(lots, eq(lots.id, orderLines.pinnedLotId))
    .where(and(sql`${orders.id} = any(${sql.placeholder("orderIds")})`, eq(orders.workspaceId, sql.placeholder("workspaceId"))))
    .orderBy(orders.id, orderLines.lineNo)
    .for("update", { of: orders })
    .prepare("allocate_lock_orders")
    .execute({ orderIds, workspaceId: actor.workspaceId });
  // Today in the workspace's time zone, read once: every order here is the actor's workspace's,
  // and the calendar read costs a formatter (a tenth of a millisecond, per order of a batch).
  let today: IsoDate | undefined;
  const byOrder = new Map<string, { order: OrderRow; today: IsoDate; lines: (typeof rows)[number]["line"][]; rows: typeof rows }>();
  for (const row of rows) {
    const entry = byOrder.get(row.order.id) ?? { order: row.order, today: (today ??= isoDateOf(new Date(), row.timeZone)), lines: [], rows: [] };
    entry.lines.push(row.line);
    entry.rows.push(row);
    byOrder.set(row.order.id, entry);
  }
  return byOrder;
}

function usableOnFor(locked: LockedOrder): IsoDate {
  return usabilityDate(locked.order.plannedShipDate, locked.today);
}

function assertPinnedLotsUsable(locked: LockedOrder, usableOn: IsoDate): void {
  for (const { pinnedLot, minShelfLifeDays, line } of locked.rows) {
    if (!pinnedLot || line.quantity - line.allocatedQty - line.shippedQty === 0) continue;
    const usability = lotUsability(pinnedLot, usableOn, minShelfLifeDays);
    if (!usability.usable) throw new LotNotUsable(pinnedLot.code, usability.reason);
  }
}

function demandOf(locked: LockedOrder): LineDemand[] {
  return locked.rows.map(({ line, sku, minShelfLifeDays }) => ({
    lineId: line.id,
    productId: line.productId,
    sku,
    quantity: line.quantity - line.allocatedQty - line.shippedQty,
    pinnedLotId: line.pinnedLotId,
    minShelfLifeDays,
  }));
}

/**
 * Candidate positions, locked in id order (the order every command uses), then read fresh under
 * the lock: what we plan with is what nobody else can change until commit.
 */
async function lockStock(tx: Tx, actor: Actor, warehouseIds: string[], productIds: string[]): Promise<(StockCandidate & { warehouseId: string })[]> {
  if (productIds.length === 0) return [];
  const rows = await tx
    .select({ ...stockCandidateFields, warehouseId: inventoryPositions.warehouseId })
    .from(inventoryPositions)
    .innerJoin(lots, eq(lots.id, inventoryPositions.lotId))
    .innerJoin(bins, eq(bins.id, inventoryPositions.binId))
    .where(
      and(
        eq(inventoryPositions.workspaceId, sql.placeholder("workspaceId")),
        sql`${inventoryPositions.warehouseId} = any(${sql.placeholder("warehouseIds")})`,
        sql`${inventoryPositions.productId} = any(${sql.placeholder("productIds")})`,
        gt(inventoryPositions.onHand, inventoryPositions.reserved),
      ),
    )
    .orderBy(inventoryPositions.id)
    .for("update", { of: inventoryPositions })
    .prepare("allocate_lock_stock")
    .execute({ workspaceId: actor.workspaceId, warehouseIds: [...new Set(warehouseIds)], productIds: [...new Set(productIds)] });
  return rows.map((s) => ({ ...s, available: s.onHand - s.reserved }));
}

/**
 * Reservation rows, the positions' reserved quantity and the lines' allocation for every order
 * of the batch, in one statement: allocation is the hottest command, and each round trip holds
 * the position locks longer.
 */
async function writeReservations(tx: Tx, actor: Actor, planned: { orderId: string; plan: AllocationPlan; demand: LineDemand[] }[]): Promise<void> {
  if (planned.length === 0) return;
  const reservations = planned.flatMap(({ orderId, plan }) => plan.reservations.map((r) => ({ order_id: orderId, line_id: r.lineId, position_id: r.positionId, lot_id: r.lotId, quantity: r.quantity, available_before: r.availableBefore })));
  const lineTotals = planned.flatMap(({ plan, demand }) => {
    const reservedPerLine = sumBy(plan.reservations, (r) => r.lineId, (r) => r.quantity);
    return demand.map((d) => ({ id: d.lineId, reserved: reservedPerLine.get(d.lineId) ?? 0, backordered: plan.unreserved.get(d.lineId) ?? 0 }));
  });
  await tx.execute(sql`
    with planned as (
      select * from ${rowsTable("r", { order_id: "uuid", line_id: "uuid", position_id: "uuid", lot_id: "uuid", quantity: "int", available_before: "int" }, reservations)}
    ), inserted as (
      insert into reservations (workspace_id, order_id, order_line_id, position_id, lot_id, quantity, available_before)
      select ${actor.workspaceId}::uuid, order_id, line_id, position_id, lot_id, quantity, available_before from planned
    ), positions as (
      update inventory_positions p set reserved = p.reserved + d.quantity, updated_at = now()
      from (select position_id, sum(quantity)::int as quantity from planned group by position_id) d
      where p.id = d.position_id
    )
    update order_lines l set allocated_qty = l.allocated_qty + v.reserved, backordered_qty = v.backordered
    from ${rowsTable("v", { id: "uuid", reserved: "int", backordered: "int" }, lineTotals)}
    where l.id = v.id`);
}

/** RECEIVED → ALLOCATED for every planned order in one update, and their events in one insert. */
async function markAllocated(tx: Tx, actor: Actor, allocated: OrderRow[], plans: Map<string, AllocationPlan>): Promise<Map<string, OrderRow>> {
  if (allocated.length === 0) return new Map();
  const updated = await tx
    .update(orders)
    .set({ status: "ALLOCATED", version: sql`${orders.version} + 1`, allocatedAt: sql`now()` })
    .where(and(sql`(${orders.id}, ${orders.version}) in (select id, version from ${rowsTable("v", { id: "uuid", version: "int" }, allocated.map((o) => ({ id: o.id, version: o.version })))})`, eq(orders.status, "RECEIVED")))
    .returning();
  // The rows are locked, so the guard cannot miss; if it ever does, fail loudly.
  if (updated.length !== allocated.length) throw new Error("an order changed under its lock");
  await recordEvents(
    tx,
    actor,
    allocated.flatMap((order) => {
      const plan = plans.get(order.id)!;
      return [
        reservedEvent(order, plan),
        { type: orderEventType("RECEIVED", "ALLOCATED"), subjectType: "order", subjectId: order.id, fromState: "RECEIVED", toState: "ALLOCATED", payload: { number: order.number, reserved: reservedUnits(plan), backordered: backorderedOf(plan) } },
      ];
    }),
  );
  return new Map(updated.map((o) => [o.id, o]));
}

function reservedEvent(order: OrderRow, plan: AllocationPlan): LoopEventInput {
  return {
    type: "scm.inventory.reserved",
    subjectType: "order",
    subjectId: order.id,
    payload: {
      number: order.number,
      quantity: reservedUnits(plan),
      reservations: plan.reservations.map((r) => ({ positionId: r.positionId, lotId: r.lotId, quantity: r.quantity, availableBefore: r.availableBefore })),
    },
  };
}

function reservedUnits(plan: AllocationPlan): number {
  return plan.reservations.reduce((n, r) => n + r.quantity, 0);
}

function backorderedOf(plan: AllocationPlan) {
  return plan.shortages.map((s) => ({ sku: s.sku, quantity: s.short }));
}

