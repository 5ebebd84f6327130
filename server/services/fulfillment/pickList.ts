import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx } from "../../../db/client";
import { bins, fulfillmentLines, fulfillments, inventoryPositions, lots, orders, products, reservations } from "../../../db/schema";
import { NotFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { assertFulfillmentIn, transitionFulfillments } from "./lock";

export const pickListInput = z.object({ fulfillmentIds: z.array(z.uuid("must be a fulfillment id")).min(1, "choose at least one fulfillment").max(1000) });
export type PickListInput = z.input<typeof pickListInput>;

/**
 * A pick list for one fulfillment or a wave: what is reserved and not yet picked, with lot,
 * bin and expiry, in the warehouse's walking order. Fulfillments still ALLOCATED start PICKING.
 */
export async function generatePickList(db: Database, actor: Actor, raw: PickListInput) {
  assertCan(actor.role, "fulfillment.pick");
  const input = parseInput(pickListInput, raw);
  const ids = [...new Set(input.fulfillmentIds)].sort();

  return db.transaction(async (tx) => {
    const wave = await tx
      .select({ id: fulfillments.id, orderId: fulfillments.orderId })
      .from(fulfillments)
      .where(and(eq(fulfillments.workspaceId, actor.workspaceId), inArray(fulfillments.id, ids)));
    const missing = ids.find((id) => !wave.some((f) => f.id === id));
    if (missing) throw new NotFound("Fulfillment", missing);

    // Lock order: the orders (in id order, like positions), then their fulfillments.
    await tx
      .select({ id: orders.id })
      .from(orders)
      .where(inArray(orders.id, [...new Set(wave.map((f) => f.orderId))]))
      .orderBy(orders.id)
      .for("update");
    const locked = await tx.select().from(fulfillments).where(inArray(fulfillments.id, ids)).orderBy(fulfillments.id).for("update");
    for (const f of locked) assertFulfillmentIn(f, ["ALLOCATED", "PICKING", "EXCEPTION"], "generate a pick list");
    await transitionFulfillments(tx, actor, locked.filter((f) => f.status === "ALLOCATED"), "PICKING");
    return pickLines(tx, actor.workspaceId, ids);
  });
}

/** The printable pick list of fulfillments already being picked. */
export async function openPickList(db: DbOrTx, actor: Actor, raw: PickListInput) {
  assertCan(actor.role, "fulfillment.read");
  const input = parseInput(pickListInput, raw);
  return pickLines(db, actor.workspaceId, input.fulfillmentIds);
}

/** The open pick lines of these fulfillments (of this workspace only), walking order first. */
export async function pickLines(db: DbOrTx, workspaceId: string, fulfillmentIds: string[]) {
  return db
    .select({
      fulfillmentId: fulfillments.id,
      fulfillmentNumber: fulfillments.number,
      fulfillmentVersion: fulfillments.version,
      orderNumber: orders.number,
      reservationId: reservations.id,
      sku: products.sku,
      description: products.name,
      quantity: sql<number>`${reservations.quantity} - ${reservations.pickedQty}`.mapWith(Number),
      lotCode: lots.code,
      expiresOn: lots.expiresOn,
      binCode: bins.code,
      pickSequence: bins.pickSequence,
    })
    .from(fulfillments)
    .innerJoin(orders, eq(orders.id, fulfillments.orderId))
    .innerJoin(fulfillmentLines, eq(fulfillmentLines.fulfillmentId, fulfillments.id))
    .innerJoin(reservations, and(eq(reservations.orderLineId, fulfillmentLines.orderLineId), eq(reservations.status, "ACTIVE")))
    .innerJoin(products, eq(products.id, fulfillmentLines.productId))
    .innerJoin(lots, eq(lots.id, reservations.lotId))
    .innerJoin(inventoryPositions, eq(inventoryPositions.id, reservations.positionId))
    .innerJoin(bins, eq(bins.id, inventoryPositions.binId))
    .where(and(eq(fulfillments.workspaceId, workspaceId), inArray(fulfillments.id, fulfillmentIds), gt(reservations.quantity, reservations.pickedQty)))
    .orderBy(asc(bins.pickSequence), asc(bins.code), asc(products.sku), asc(lots.expiresOn), asc(orders.number));
}
