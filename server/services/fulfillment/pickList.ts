import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx, Tx } from "../../../db/client";
import { bins, fulfillmentLines, fulfillments, inventoryPositions, lots, orders, products, reservations, workspaces } from "../../../db/schema";
import { NotFound } from "../../domain/errors";
import { isoDateOf } from "../../domain/dates";
import { lotUsability, usabilityDate } from "../../domain/lots";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { assertFulfillmentIn, transitionFulfillments } from "./lock";
import { lotFacts } from "../positions";
import { replaceUnusableReservations } from "./replaceUnusable";

/** The most fulfillments one pick list (a wave) may hold. */
export const MAX_WAVE = 1000;
export const pickListInput = z.object({ fulfillmentIds: z.array(z.uuid("must be a fulfillment id")).min(1, "choose at least one fulfillment").max(MAX_WAVE) });
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
    await startPicking(tx, actor, ids);
    return pickLines(tx, actor.workspaceId, ids);
  });
}

/**
 * Inside a caller's transaction: locks the wave's orders and fulfillments, moves reservations
 * off lots that stopped being usable, and starts picking (or flags the exception).
 */
export async function startPicking(tx: Tx, actor: Actor, ids: string[]) {
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
  const short = await replaceUnusableReservations(tx, actor, locked.map((f) => f.orderId));
  const picking = await transitionFulfillments(tx, actor, locked.filter((f) => f.status === "ALLOCATED"), "PICKING");
  // Units that no usable lot could cover: the fulfillment shows the exception at once.
  const troubled = locked.map((f) => picking.find((p) => p.id === f.id) ?? f).filter((f) => short.has(f.orderId) && f.status !== "EXCEPTION");
  for (const f of troubled) await transitionFulfillments(tx, actor, [f], "EXCEPTION", { payload: { reason: "reserved lot no longer usable", shortage: short.get(f.orderId) } });
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
      lot: lotFacts,
      minShelfLifeDays: products.minShelfLifeDays,
      plannedShipDate: orders.plannedShipDate,
      timeZone: workspaces.timeZone,
    })
    .from(fulfillments)
    .innerJoin(workspaces, eq(workspaces.id, fulfillments.workspaceId))
    .innerJoin(orders, eq(orders.id, fulfillments.orderId))
    .innerJoin(fulfillmentLines, eq(fulfillmentLines.fulfillmentId, fulfillments.id))
    .innerJoin(reservations, and(eq(reservations.orderLineId, fulfillmentLines.orderLineId), eq(reservations.status, "ACTIVE")))
    .innerJoin(products, eq(products.id, fulfillmentLines.productId))
    .innerJoin(lots, eq(lots.id, reservations.lotId))
    .innerJoin(inventoryPositions, eq(inventoryPositions.id, reservations.positionId))
    .innerJoin(bins, eq(bins.id, inventoryPositions.binId))
    .where(and(eq(fulfillments.workspaceId, workspaceId), inArray(fulfillments.id, fulfillmentIds), gt(reservations.quantity, reservations.pickedQty)))
    .orderBy(asc(bins.pickSequence), asc(bins.code), asc(products.sku), asc(lots.expiresOn), asc(orders.number))
    // A lot that stopped being usable is never listed (the exception says what is missing).
    .then((rows) => {
      const today = rows[0] ? isoDateOf(new Date(), rows[0].timeZone) : "";
      return rows
        .filter((r) => lotUsability(r.lot, usabilityDate(r.plannedShipDate, today), r.minShelfLifeDays).usable)
        .map(({ lot: _lot, minShelfLifeDays: _m, plannedShipDate: _p, timeZone: _tz, ...line }) => line);
    });
}
