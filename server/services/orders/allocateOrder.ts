import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { bins, inventoryPositions, lots, orderLines, products, reservations } from "../../../db/schema";
import { planAllocation, type LineDemand } from "../../domain/allocation";
import { InsufficientStock, LotNotUsable } from "../../domain/errors";
import { lotUsability } from "../../domain/lots";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { recordEvents } from "../events";
import { parseInput } from "../input";
import { adjustReserved, sumBy } from "../positions";
import { orderRef, type OrderRef } from "./orderRef";
import { assertVersion, lockOrder } from "./scope";
import { assertOrderTransition, transitionOrder } from "./transition";

/**
 * RECEIVED → ALLOCATED: reserves every line from usable stock, FEFO across lots and bins.
 * Short stock is refused with the shortage per SKU, unless the order accepts backorders and
 * something could be reserved: then the rest is recorded as backordered.
 */
export async function allocateOrder(db: Database, actor: Actor, raw: OrderRef) {
  assertCan(actor.role, "order.allocate");
  const input = parseInput(orderRef, raw);

  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, actor, input.orderId);
    assertVersion(order, input.version);
    assertOrderTransition(order, "ALLOCATED");

    const lines = await tx
      .select({ line: orderLines, sku: products.sku, minShelfLifeDays: products.minShelfLifeDays, pinnedLot: lots })
      .from(orderLines)
      .innerJoin(products, eq(products.id, orderLines.productId))
      .leftJoin(lots, eq(lots.id, orderLines.pinnedLotId))
      .where(eq(orderLines.orderId, order.id))
      .orderBy(orderLines.lineNo);

    // A pinned lot is the only source for its line: if it went on hold or expired, say so.
    for (const { pinnedLot, minShelfLifeDays } of lines) {
      if (!pinnedLot) continue;
      const usability = lotUsability(pinnedLot, order.plannedShipDate, minShelfLifeDays);
      if (!usability.usable) throw new LotNotUsable(pinnedLot.code, usability.reason);
    }

    // Candidate positions, locked in id order (the order every command uses), then re-read
    // fresh under the lock: what we plan with is what nobody else can change until commit.
    const stock = await tx
      .select({
        positionId: inventoryPositions.id,
        productId: inventoryPositions.productId,
        onHand: inventoryPositions.onHand,
        reserved: inventoryPositions.reserved,
        binPickSequence: bins.pickSequence,
        lot: { id: lots.id, code: lots.code, expiresOn: lots.expiresOn, receivedOn: lots.receivedOn, qcStatus: lots.qcStatus },
      })
      .from(inventoryPositions)
      .innerJoin(lots, eq(lots.id, inventoryPositions.lotId))
      .innerJoin(bins, eq(bins.id, inventoryPositions.binId))
      .where(
        and(
          eq(inventoryPositions.workspaceId, actor.workspaceId),
          eq(inventoryPositions.warehouseId, order.warehouseId),
          inArray(inventoryPositions.productId, [...new Set(lines.map((l) => l.line.productId))]),
          gt(inventoryPositions.onHand, inventoryPositions.reserved),
        ),
      )
      .orderBy(inventoryPositions.id)
      .for("update", { of: inventoryPositions });

    const demand: LineDemand[] = lines.map(({ line, sku, minShelfLifeDays }) => ({
      lineId: line.id,
      productId: line.productId,
      sku,
      quantity: line.quantity - line.allocatedQty,
      pinnedLotId: line.pinnedLotId,
      minShelfLifeDays,
    }));
    const plan = planAllocation(
      demand,
      stock.map((s) => ({ ...s, available: s.onHand - s.reserved })),
      order.plannedShipDate,
    );
    if (plan.shortages.length > 0 && (!order.acceptsBackorder || plan.reservations.length === 0)) {
      throw new InsufficientStock(plan.shortages);
    }

    await tx.insert(reservations).values(
      plan.reservations.map((r) => ({
        workspaceId: actor.workspaceId,
        orderId: order.id,
        orderLineId: r.lineId,
        positionId: r.positionId,
        lotId: r.lotId,
        quantity: r.quantity,
        availableBefore: r.availableBefore,
      })),
    );
    await adjustReserved(tx, sumBy(plan.reservations, (r) => r.positionId, (r) => r.quantity));
    const reservedPerLine = sumBy(plan.reservations, (r) => r.lineId, (r) => r.quantity);
    const lineRows = sql.join(
      demand.map((d) => sql`(${d.lineId}::uuid, ${reservedPerLine.get(d.lineId) ?? 0}::int, ${plan.unreserved.get(d.lineId) ?? 0}::int)`),
      sql`, `,
    );
    await tx.execute(sql`
      update order_lines l set allocated_qty = l.allocated_qty + v.reserved, backordered_qty = v.backordered
      from (values ${lineRows}) as v(id, reserved, backordered) where l.id = v.id`);

    const backordered = plan.shortages.map((s) => ({ sku: s.sku, quantity: s.short }));
    await recordEvents(tx, actor, [
      {
        type: "scm.inventory.reserved",
        subjectType: "order",
        subjectId: order.id,
        payload: {
          number: order.number,
          reservations: plan.reservations.map((r) => ({ positionId: r.positionId, lotId: r.lotId, quantity: r.quantity, availableBefore: r.availableBefore })),
        },
      },
    ]);
    return transitionOrder(tx, actor, order, "ALLOCATED", {
      reserved: plan.reservations.reduce((n, r) => n + r.quantity, 0),
      backordered,
    });
  });
}
