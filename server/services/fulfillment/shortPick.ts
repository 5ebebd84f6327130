import { and, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, Tx } from "../../../db/client";
import { bins, fulfillmentLines, inventoryPositions, lots, picks, products, reservations } from "../../../db/schema";
import { BadInput, NotFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { adjustReserved, lockPositionsInOrder, sumBy } from "../positions";
import { rowsTable } from "../rowsTable";
import { assertFulfillmentIn, fulfillmentRef, lockFulfillment, transitionFulfillment, type FulfillmentRow } from "./lock";
import { wholeNumber } from "../fields";
import { MAX_QUANTITY } from "../../domain/limits";

export const reportShortPickInput = fulfillmentRef.extend({
  reservationId: z.uuid("must be a pick line"),
  /** Units actually found at the suggested lot and bin (fewer than the line asks). */
  found: wholeNumber(0, MAX_QUANTITY),
});
export type ReportShortPickInput = z.input<typeof reportShortPickInput>;

/**
 * The picker found fewer units than the line asks: what was found is picked, and the
 * fulfillment goes to EXCEPTION with the shortage, visible at once. It is resolved by picking
 * the rest elsewhere (confirmPick) or by shipping what was found (resolveShortPick).
 */
export async function reportShortPick(db: Database, actor: Actor, raw: ReportShortPickInput) {
  assertCan(actor.role, "fulfillment.pick");
  const input = parseInput(reportShortPickInput, raw);
  return db.transaction(async (tx) => {
    const { fulfillment } = await lockFulfillment(tx, actor, input.fulfillmentId, input.version);
    assertFulfillmentIn(fulfillment, ["PICKING", "EXCEPTION"], "report a short pick");
    const [line] = await tx
      .select({ reservation: reservations, fulfillmentLineId: fulfillmentLines.id, sku: products.sku, lotCode: lots.code, binCode: bins.code })
      .from(reservations)
      .innerJoin(fulfillmentLines, and(eq(fulfillmentLines.orderLineId, reservations.orderLineId), eq(fulfillmentLines.fulfillmentId, fulfillment.id)))
      .innerJoin(products, eq(products.id, fulfillmentLines.productId))
      .innerJoin(lots, eq(lots.id, reservations.lotId))
      .innerJoin(inventoryPositions, eq(inventoryPositions.id, reservations.positionId))
      .innerJoin(bins, eq(bins.id, inventoryPositions.binId))
      .where(and(eq(reservations.id, input.reservationId), eq(reservations.status, "ACTIVE")));
    if (!line) throw new NotFound("Pick line", input.reservationId);
    const { reservation } = line;
    const expected = reservation.quantity - reservation.pickedQty;
    if (input.found >= expected) throw BadInput.field("found", `${input.found} is not short: the line asks for ${expected}; confirm the pick instead`);

    if (input.found > 0) {
      await tx.update(reservations).set({ pickedQty: sql`${reservations.pickedQty} + ${input.found}` }).where(eq(reservations.id, reservation.id));
      await tx.update(fulfillmentLines).set({ pickedQty: sql`${fulfillmentLines.pickedQty} + ${input.found}` }).where(eq(fulfillmentLines.id, line.fulfillmentLineId));
      await tx.insert(picks).values({ workspaceId: actor.workspaceId, fulfillmentId: fulfillment.id, fulfillmentLineId: line.fulfillmentLineId, reservationId: reservation.id, positionId: reservation.positionId, lotId: reservation.lotId, quantity: input.found, actorId: actor.userId });
    }
    const shortage = { sku: line.sku, lot: line.lotCode, bin: line.binCode, expected, found: input.found, short: expected - input.found };
    if (fulfillment.status === "EXCEPTION") return fulfillment;
    return transitionFulfillment(tx, actor, fulfillment, "EXCEPTION", { payload: { reason: "short pick", shortage } });
  });
}

export const resolveShortPickInput = fulfillmentRef;

/**
 * Resolves an EXCEPTION by shipping what was found: every unpicked unit is released back to its
 * position and becomes backorder on the order line; the fulfillment goes on to packing.
 */
export async function resolveShortPick(db: Database, actor: Actor, raw: z.input<typeof resolveShortPickInput>) {
  assertCan(actor.role, "fulfillment.pick");
  const input = parseInput(resolveShortPickInput, raw);
  return db.transaction(async (tx) => {
    const { order, fulfillment } = await lockFulfillment(tx, actor, input.fulfillmentId, input.version);
    assertFulfillmentIn(fulfillment, ["EXCEPTION"], "ship what was found");
    const open = await tx
      .select()
      .from(reservations)
      .where(and(eq(reservations.orderId, order.id), eq(reservations.status, "ACTIVE"), gt(reservations.quantity, reservations.pickedQty)));
    const unpicked = open.map((r) => ({ ...r, rest: r.quantity - r.pickedQty }));
    await lockPositionsInOrder(tx, unpicked.map((r) => r.positionId));
    await adjustReserved(tx, sumBy(unpicked, (r) => r.positionId, (r) => -r.rest));
    for (const r of unpicked) {
      // Nothing picked: the reservation goes; partly picked: it shrinks to what was picked.
      await tx
        .update(reservations)
        .set(r.pickedQty === 0 ? { status: "RELEASED", closedAt: sql`now()` } : { quantity: r.pickedQty })
        .where(eq(reservations.id, r.id));
    }
    const perLine = sumBy(unpicked, (r) => r.orderLineId, (r) => r.rest);
    const rows = rowsTable("v", { id: "uuid", quantity: "int" }, [...perLine].map(([id, quantity]) => ({ id, quantity })));
    await tx.execute(sql`
      update order_lines l set allocated_qty = l.allocated_qty - v.quantity, backordered_qty = l.backordered_qty + v.quantity
      from ${rows} where l.id = v.id`);
    await tx.execute(sql`
      update fulfillment_lines f set quantity = f.quantity - v.quantity
      from ${rows}
      where f.order_line_id = v.id and f.fulfillment_id = ${fulfillment.id}`);
    return transitionFulfillment(tx, actor, fulfillment, "PICKING", { payload: { resolution: "ship what was found", backordered: [...perLine].map(([orderLineId, quantity]) => ({ orderLineId, quantity })) } });
  });
}

/** After a pick during an EXCEPTION: once nothing is left to pick, picking is back on track. */
export async function resumeIfFullyPicked(tx: Tx, actor: Actor, fulfillment: FulfillmentRow): Promise<void> {
  if (fulfillment.status !== "EXCEPTION") return;
  const [left] = await tx
    .select({ id: fulfillmentLines.id })
    .from(fulfillmentLines)
    .where(and(eq(fulfillmentLines.fulfillmentId, fulfillment.id), gt(fulfillmentLines.quantity, fulfillmentLines.pickedQty)))
    .limit(1);
  if (!left) await transitionFulfillment(tx, actor, fulfillment, "PICKING", { payload: { resolution: "picked elsewhere" } });
}
