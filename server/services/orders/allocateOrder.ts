import { and, eq, gt, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database, Tx } from "../../../db/client";
import { bins, inventoryPositions, lots, orderLines, orders, products, workspaces } from "../../../db/schema";
import { planAllocation, type AllocationPlan, type LineDemand } from "../../domain/allocation";
import { InsufficientStock, LotNotUsable, NotFound, WrongState } from "../../domain/errors";
import { isoDateOf } from "../../domain/dates";
import { lotUsability, usabilityDate } from "../../domain/lots";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import type { LoopEventInput } from "../events";
import { parseInput } from "../input";
import { lotFacts, stockCandidateFields, sumBy } from "../positions";
import { rowsTable } from "../rowsTable";
import { orderRef, type OrderRef } from "./orderRef";
import { assertVersion, type OrderRow } from "./scope";
import { assertOrderTransition, recordOrderChange, transitionOrder } from "./transition";

/**
 * RECEIVED → ALLOCATED: reserves every line from usable stock, FEFO across lots and bins.
 * Short stock is refused with the shortage per SKU, unless the order accepts backorders and
 * something could be reserved: then the rest is recorded as backordered.
 */
export async function allocateOrder(db: Database, actor: Actor, raw: OrderRef) {
  assertCan(actor.role, "order.allocate");
  const input = parseInput(orderRef, raw);
  return db.transaction(async (tx) => {
    const { order, plan, event } = await reserveOpenQuantity(tx, actor, input, (o) => {
      assertOrderTransition(o, "ALLOCATED");
      return o.acceptsBackorder;
    });
    return transitionOrder(tx, actor, order, "ALLOCATED", {
      payload: { reserved: event.payload!.quantity, backordered: plan.shortages.map((s) => ({ sku: s.sku, quantity: s.short })) },
      events: [event],
    });
  });
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
    const { order, plan, event } = await reserveOpenQuantity(tx, actor, input, (o, backordered) => {
      if (o.status !== "ALLOCATED" && o.status !== "PARTIALLY_SHIPPED") throw new WrongState(`Order ${o.number}`, o.status, "allocate its backorder", ["ALLOCATED", "PARTIALLY_SHIPPED"]);
      if (backordered === 0) throw new WrongState(`Order ${o.number}`, "without backorder", "allocate its backorder", ["backordered"]);
      return true;
    });
    return recordOrderChange(tx, actor, order, "dcm.order.backorder_allocated", {
      reserved: event.payload!.quantity,
      stillBackordered: plan.shortages.map((s) => ({ sku: s.sku, quantity: s.short })),
    }, [event]);
  });
}

/**
 * The core of both: lock the order and read its open quantities in one statement, let the
 * command check the state (and say whether a partial reservation is acceptable), plan FEFO from
 * locked positions and write it. Refuses with the shortage when nothing, or not enough for an
 * order that takes no partial, could be reserved.
 */
async function reserveOpenQuantity(tx: Tx, actor: Actor, input: z.output<typeof orderRef>, check: (order: OrderRow, backordered: number) => boolean) {
  // The order row is locked and its lines read in one statement. The hot reads are named
  // prepared statements: Postgres plans them once per connection instead of per command.
  // Allocation is staff-only, so the workspace is the whole scope here.
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
    .where(and(eq(orders.id, sql.placeholder("orderId")), eq(orders.workspaceId, sql.placeholder("workspaceId"))))
    .orderBy(orderLines.lineNo)
    .for("update", { of: orders })
    .prepare("allocate_lock_order_lines")
    .execute({ orderId: input.orderId, workspaceId: actor.workspaceId });
  const order = rows[0]?.order;
  if (!order) throw new NotFound("Order", input.orderId);
  assertVersion(order, input.version);
  const acceptPartial = check(order, rows.reduce((n, r) => n + r.line.backorderedQty, 0));
  const shipsOn = usabilityDate(order.plannedShipDate, isoDateOf(new Date(), rows[0]!.timeZone));
  // A pinned lot is the only source for its line: if it went on hold or expired, say so.
  for (const { pinnedLot, minShelfLifeDays, line } of rows) {
    if (!pinnedLot || line.quantity - line.allocatedQty - line.shippedQty === 0) continue;
    const usability = lotUsability(pinnedLot, shipsOn, minShelfLifeDays);
    if (!usability.usable) throw new LotNotUsable(pinnedLot.code, usability.reason);
  }

  // Candidate positions, locked in id order (the order every command uses), then re-read
  // fresh under the lock: what we plan with is what nobody else can change until commit.
  const stock = await tx
    .select(stockCandidateFields)
    .from(inventoryPositions)
    .innerJoin(lots, eq(lots.id, inventoryPositions.lotId))
    .innerJoin(bins, eq(bins.id, inventoryPositions.binId))
    .where(
      and(
        eq(inventoryPositions.workspaceId, sql.placeholder("workspaceId")),
        eq(inventoryPositions.warehouseId, sql.placeholder("warehouseId")),
        sql`${inventoryPositions.productId} = any(${sql.placeholder("productIds")})`,
        gt(inventoryPositions.onHand, inventoryPositions.reserved),
      ),
    )
    .orderBy(inventoryPositions.id)
    .for("update", { of: inventoryPositions })
    .prepare("allocate_lock_stock")
    .execute({ workspaceId: actor.workspaceId, warehouseId: order.warehouseId, productIds: [...new Set(rows.map((r) => r.line.productId))] });

  const demand: LineDemand[] = rows.map(({ line, sku, minShelfLifeDays }) => ({
    lineId: line.id,
    productId: line.productId,
    sku,
    quantity: line.quantity - line.allocatedQty - line.shippedQty,
    pinnedLotId: line.pinnedLotId,
    minShelfLifeDays,
  }));
  const plan = planAllocation(
    demand,
    stock.map((s) => ({ ...s, available: s.onHand - s.reserved })),
    shipsOn,
  );
  if (plan.shortages.length > 0 && (!acceptPartial || plan.reservations.length === 0)) {
    throw new InsufficientStock(plan.shortages);
  }

  await writeReservations(tx, actor, order.id, plan, demand);
  const reservedUnits = plan.reservations.reduce((n, r) => n + r.quantity, 0);
  const event: LoopEventInput = {
    type: "scm.inventory.reserved",
    subjectType: "order",
    subjectId: order.id,
    payload: {
      number: order.number,
      quantity: reservedUnits,
      reservations: plan.reservations.map((r) => ({ positionId: r.positionId, lotId: r.lotId, quantity: r.quantity, availableBefore: r.availableBefore })),
    },
  };
  return { order, plan, event };
}

/**
 * Reservation rows, the positions' reserved quantity and the lines' allocation, in one
 * statement: allocation is the hottest command, and each round trip holds the position locks
 * longer.
 */
async function writeReservations(tx: Tx, actor: Actor, orderId: string, plan: AllocationPlan, demand: LineDemand[]): Promise<void> {
  const planned = rowsTable("r", { line_id: "uuid", position_id: "uuid", lot_id: "uuid", quantity: "int", available_before: "int" }, plan.reservations.map((r) => ({ line_id: r.lineId, position_id: r.positionId, lot_id: r.lotId, quantity: r.quantity, available_before: r.availableBefore })));
  const reservedPerLine = sumBy(plan.reservations, (r) => r.lineId, (r) => r.quantity);
  const lineTotals = demand.map((d) => ({ id: d.lineId, reserved: reservedPerLine.get(d.lineId) ?? 0, backordered: plan.unreserved.get(d.lineId) ?? 0 }));
  await tx.execute(sql`
    with planned as (
      select * from ${planned}
    ), inserted as (
      insert into reservations (workspace_id, order_id, order_line_id, position_id, lot_id, quantity, available_before)
      select ${actor.workspaceId}::uuid, ${orderId}::uuid, line_id, position_id, lot_id, quantity, available_before from planned
    ), positions as (
      update inventory_positions p set reserved = p.reserved + d.quantity, updated_at = now()
      from (select position_id, sum(quantity)::int as quantity from planned group by position_id) d
      where p.id = d.position_id
    )
    update order_lines l set allocated_qty = l.allocated_qty + v.reserved, backordered_qty = v.backordered
    from ${rowsTable("v", { id: "uuid", reserved: "int", backordered: "int" }, lineTotals)}
    where l.id = v.id`);
}
