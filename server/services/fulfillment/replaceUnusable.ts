import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { bins, inventoryPositions, lots, orderLines, orders, products, reservations, workspaces } from "../../../db/schema";
import { planAllocation, type StockCandidate } from "../../domain/allocation";
import type { Shortage } from "../../domain/errors";
import { isoDateOf } from "../../domain/dates";
import { lotUsability, usabilityDate } from "../../domain/lots";
import type { Actor } from "../actor";
import { recordEvents } from "../events";
import { adjustReserved, lockPositionsInOrder, lotFacts, stockCandidateFields } from "../positions";

/**
 * A lot can go on hold, be recalled or age past the shelf-life rule after allocation. Before a
 * pick list goes out, the unpicked part of such reservations moves to usable stock, FEFO, with
 * the same plan as allocation. Returns, per order, what could not be covered: those units stay
 * reserved where they are (never listed for picking) until the exception is resolved.
 */
export async function replaceUnusableReservations(tx: Tx, actor: Actor, orderIds: string[]): Promise<Map<string, Shortage[]>> {
  const shortages = new Map<string, Shortage[]>();
  if (orderIds.length === 0) return shortages;
  const held = await tx
    .select({
      reservation: reservations,
      lot: lotFacts,
      productId: products.id,
      sku: products.sku,
      minShelfLifeDays: products.minShelfLifeDays,
      pinnedLotId: orderLines.pinnedLotId,
      plannedShipDate: orders.plannedShipDate,
      warehouseId: orders.warehouseId,
      timeZone: workspaces.timeZone,
    })
    .from(reservations)
    .innerJoin(lots, eq(lots.id, reservations.lotId))
    .innerJoin(orderLines, eq(orderLines.id, reservations.orderLineId))
    .innerJoin(products, eq(products.id, orderLines.productId))
    .innerJoin(orders, eq(orders.id, reservations.orderId))
    .innerJoin(workspaces, eq(workspaces.id, orders.workspaceId))
    .where(and(inArray(reservations.orderId, orderIds), eq(reservations.status, "ACTIVE"), gt(reservations.quantity, reservations.pickedQty)));
  const today = held[0] ? isoDateOf(new Date(), held[0].timeZone) : "";
  const shipsOn = (h: (typeof held)[number]) => usabilityDate(h.plannedShipDate, today);
  const unusable = held.filter((h) => !lotUsability(h.lot, shipsOn(h), h.minShelfLifeDays).usable);
  if (unusable.length === 0) return shortages;

  // Candidates for the same products, plus the positions being left, locked together in id order.
  const productIds = [...new Set(unusable.map((u) => u.productId))];
  const candidateIds = await tx
    .select({ id: inventoryPositions.id })
    .from(inventoryPositions)
    .where(and(eq(inventoryPositions.workspaceId, actor.workspaceId), inArray(inventoryPositions.productId, productIds), gt(inventoryPositions.onHand, inventoryPositions.reserved)));
  await lockPositionsInOrder(tx, [...candidateIds.map((c) => c.id), ...unusable.map((u) => u.reservation.positionId)]);
  const stock = await tx
    .select({ ...stockCandidateFields, warehouseId: inventoryPositions.warehouseId })
    .from(inventoryPositions)
    .innerJoin(lots, eq(lots.id, inventoryPositions.lotId))
    .innerJoin(bins, eq(bins.id, inventoryPositions.binId))
    .where(inArray(inventoryPositions.id, candidateIds.map((c) => c.id)));
  const free = new Map(stock.map((s) => [s.positionId, s.onHand - s.reserved]));

  const deltas = new Map<string, number>();
  const moves = new Map<string, { fromLot: string; toLot: string; quantity: number }[]>();
  for (const u of unusable) {
    const { reservation } = u;
    const candidates: StockCandidate[] = stock
      .filter((s) => s.warehouseId === u.warehouseId)
      .map((s) => ({ positionId: s.positionId, productId: s.productId, lot: s.lot, binPickSequence: s.binPickSequence, available: free.get(s.positionId) ?? 0 }));
    const unpicked = reservation.quantity - reservation.pickedQty;
    const plan = planAllocation([{ lineId: reservation.orderLineId, productId: u.productId, sku: u.sku, quantity: unpicked, pinnedLotId: u.pinnedLotId, minShelfLifeDays: u.minShelfLifeDays }], candidates, shipsOn(u));
    const moved = plan.reservations.reduce((n, r) => n + r.quantity, 0);
    if (moved > 0) {
      await tx.insert(reservations).values(
        plan.reservations.map((r) => ({ workspaceId: actor.workspaceId, orderId: reservation.orderId, orderLineId: reservation.orderLineId, positionId: r.positionId, lotId: r.lotId, quantity: r.quantity, availableBefore: r.availableBefore })),
      );
      const left = reservation.quantity - moved;
      await tx.update(reservations).set(left === 0 ? { status: "RELEASED", closedAt: sql`now()` } : { quantity: left }).where(eq(reservations.id, reservation.id));
      deltas.set(reservation.positionId, (deltas.get(reservation.positionId) ?? 0) - moved);
      for (const r of plan.reservations) {
        deltas.set(r.positionId, (deltas.get(r.positionId) ?? 0) + r.quantity);
        free.set(r.positionId, (free.get(r.positionId) ?? 0) - r.quantity);
        const move = { fromLot: u.lot.code, toLot: stock.find((s) => s.positionId === r.positionId)!.lot.code, quantity: r.quantity };
        moves.set(reservation.orderId, [...(moves.get(reservation.orderId) ?? []), move]);
      }
    }
    if (plan.shortages.length > 0) shortages.set(reservation.orderId, [...(shortages.get(reservation.orderId) ?? []), ...plan.shortages]);
  }
  await adjustReserved(tx, deltas);
  const orderIdsMoved = [...new Set(unusable.map((u) => u.reservation.orderId))];
  await recordEvents(
    tx,
    actor,
    orderIdsMoved.map((orderId) => ({
      type: "scm.inventory.reallocated",
      subjectType: "order" as const,
      subjectId: orderId,
      payload: { reason: "reserved lot no longer usable", moves: moves.get(orderId) ?? [], short: shortages.get(orderId) ?? [] },
    })),
  );
  return shortages;
}
