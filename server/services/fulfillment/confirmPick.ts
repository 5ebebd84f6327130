import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, Tx } from "../../../db/client";
import { bins, fulfillmentLines, fulfillments, inventoryPositions, lots, picks, products, reservations } from "../../../db/schema";
import { BadInput, InsufficientStock, LotNotUsable, NotFound } from "../../domain/errors";
import { isoDateOf } from "../../domain/dates";
import { lotUsability, usabilityDate } from "../../domain/lots";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { recordEvents } from "../events";
import { parseInput } from "../input";
import { adjustReserved, lockPositionsInOrder } from "../positions";
import { loadWorkspace } from "../workspace";
import { assertFulfillmentIn, fulfillmentRef, lockFulfillment } from "./lock";
import { resumeIfFullyPicked } from "./shortPick";
import { codeText, quantity } from "../fields";

export const confirmPickInput = fulfillmentRef.extend({
  reservationId: z.uuid("must be a pick line"),
  /** The lot and bin actually picked from; either may differ from the suggestion. */
  lotCode: codeText,
  binCode: codeText,
  quantity,
});
export type ConfirmPickInput = z.input<typeof confirmPickInput>;

/**
 * Confirms one pick line with what was really picked. Another lot or bin is accepted if that
 * lot is usable for the order and has the units free: the reservation moves with the pick.
 * A lot of another SKU, an unusable lot, or more than the line asks is refused.
 */
export async function confirmPick(db: Database, actor: Actor, raw: ConfirmPickInput) {
  assertCan(actor.role, "fulfillment.pick");
  const input = parseInput(confirmPickInput, raw);

  return db.transaction(async (tx) => {
    const { order, fulfillment } = await lockFulfillment(tx, actor, input.fulfillmentId, input.version);
    assertFulfillmentIn(fulfillment, ["PICKING", "EXCEPTION"], "confirm a pick");

    const [line] = await tx
      .select({ reservation: reservations, fulfillmentLineId: fulfillmentLines.id, productId: products.id, sku: products.sku, minShelfLifeDays: products.minShelfLifeDays })
      .from(reservations)
      .innerJoin(fulfillmentLines, and(eq(fulfillmentLines.orderLineId, reservations.orderLineId), eq(fulfillmentLines.fulfillmentId, fulfillment.id)))
      .innerJoin(products, eq(products.id, fulfillmentLines.productId))
      .where(and(eq(reservations.id, input.reservationId), eq(reservations.status, "ACTIVE")));
    if (!line) throw new NotFound("Pick line", input.reservationId);
    const { reservation } = line;
    const remaining = reservation.quantity - reservation.pickedQty;
    if (input.quantity > remaining) throw BadInput.field("quantity", `${input.quantity} is more than the line asks (${remaining} left to pick)`);

    const [lot] = await tx.select().from(lots).where(and(eq(lots.productId, line.productId), eq(lots.code, input.lotCode)));
    if (!lot) {
      const [other] = await tx.select({ id: lots.id }).from(lots).where(and(eq(lots.workspaceId, actor.workspaceId), eq(lots.code, input.lotCode)));
      throw BadInput.field("lotCode", other ? `lot ${input.lotCode} is not ${line.sku}: wrong SKU` : `no lot ${input.lotCode}`);
    }
    const [position] = await tx
      .select({ id: inventoryPositions.id })
      .from(inventoryPositions)
      .innerJoin(bins, eq(bins.id, inventoryPositions.binId))
      .where(and(eq(inventoryPositions.warehouseId, fulfillment.warehouseId), eq(bins.code, input.binCode), eq(inventoryPositions.lotId, lot.id)));
    if (!position) throw BadInput.field("binCode", `no ${line.sku} of lot ${lot.code} in bin ${input.binCode}`);

    // Checked for the suggested lot too: it may have expired or gone on hold since the list was printed.
    const { timeZone } = await loadWorkspace(tx, actor);
    const usability = lotUsability(lot, usabilityDate(order.plannedShipDate, isoDateOf(new Date(), timeZone)), line.minShelfLifeDays);
    if (!usability.usable) throw new LotNotUsable(lot.code, usability.reason);

    let pickedReservationId = reservation.id;
    if (position.id === reservation.positionId) {
      await tx.update(reservations).set({ pickedQty: sql`${reservations.pickedQty} + ${input.quantity}` }).where(eq(reservations.id, reservation.id));
    } else {
      pickedReservationId = await moveReservation(tx, actor, reservation, position.id, lot.id, input.quantity, line.sku);
    }

    await tx.update(fulfillmentLines).set({ pickedQty: sql`${fulfillmentLines.pickedQty} + ${input.quantity}` }).where(eq(fulfillmentLines.id, line.fulfillmentLineId));
    await tx.insert(picks).values({
      workspaceId: actor.workspaceId,
      fulfillmentId: fulfillment.id,
      fulfillmentLineId: line.fulfillmentLineId,
      reservationId: pickedReservationId,
      positionId: position.id,
      lotId: lot.id,
      quantity: input.quantity,
      actorId: actor.userId,
    });
    await recordEvents(tx, actor, [
      {
        type: "scm.fulfillment.picked",
        subjectType: "fulfillment",
        subjectId: fulfillment.id,
        payload: { number: fulfillment.number, sku: line.sku, lot: lot.code, bin: input.binCode, quantity: input.quantity, substituted: position.id !== reservation.positionId },
      },
    ]);
    await resumeIfFullyPicked(tx, actor, fulfillment);
    const [current] = await tx.select().from(fulfillments).where(eq(fulfillments.id, fulfillment.id));
    return current!;
  });
}

/**
 * The picker took `quantity` from another usable position: that many units of the reservation
 * move there (already picked), the rest stays where it was. Both positions are locked in id
 * order first, and the new one must have the units free.
 */
async function moveReservation(tx: Tx, actor: Actor, from: typeof reservations.$inferSelect, toPositionId: string, toLotId: string, quantity: number, sku: string): Promise<string> {
  await lockPositionsInOrder(tx, [from.positionId, toPositionId]);
  const [target] = await tx.select().from(inventoryPositions).where(eq(inventoryPositions.id, toPositionId));
  const free = target!.onHand - target!.reserved;
  if (free < quantity) throw new InsufficientStock([{ sku, requested: quantity, available: free, short: quantity - free }]);

  const left = from.quantity - quantity;
  if (left === 0) {
    await tx.update(reservations).set({ status: "RELEASED", closedAt: sql`now()` }).where(eq(reservations.id, from.id));
  } else {
    await tx.update(reservations).set({ quantity: left }).where(eq(reservations.id, from.id));
  }
  const [moved] = await tx
    .insert(reservations)
    .values({ workspaceId: actor.workspaceId, orderId: from.orderId, orderLineId: from.orderLineId, positionId: toPositionId, lotId: toLotId, quantity, pickedQty: quantity, availableBefore: free })
    .returning({ id: reservations.id });
  await adjustReserved(
    tx,
    new Map([
      [from.positionId, -quantity],
      [toPositionId, quantity],
    ]),
  );
  return moved!.id;
}
