import { and, asc, desc, eq, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../../db/client";
import { bins, carrierServices, carriers, fulfillmentLines, fulfillments, inventoryPositions, lots, loopEvents, orders, packages, picks, products, shipments } from "../../../db/schema";
import { CHANNELS } from "../../domain/commercial";
import { NotFound } from "../../domain/errors";
import { FULFILLMENT_STATES } from "../../domain/fulfillmentLoop";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { timelineEntry } from "../events";
import { parseInput } from "../input";
import { pickLines } from "./pickList";
import { quoteRate } from "./rates";
import { codeText, instant, wholeNumber } from "../fields";

export const fulfillmentQueueInput = z.object({
  status: z.enum(FULFILLMENT_STATES).optional(),
  channel: z.enum(CHANNELS).optional(),
  /** The carrier the customer chose (its code). */
  carrierCode: codeText.optional(),
  /** Orders received up to this time: the wave's cut-off. */
  receivedBefore: instant.optional(),
  limit: wholeNumber(1, 1000).default(200),
});
export type FulfillmentQueueInput = z.input<typeof fulfillmentQueueInput>;

/** The fulfillment queue, oldest first: what the floor works through. Also the source of rule-based waves. */
export async function fulfillmentQueue(db: DbOrTx, actor: Actor, raw: FulfillmentQueueInput = {}) {
  assertCan(actor.role, "fulfillment.read");
  const input = parseInput(fulfillmentQueueInput, raw);
  return db
    .select({
      id: fulfillments.id,
      number: fulfillments.number,
      status: fulfillments.status,
      version: fulfillments.version,
      orderId: orders.id,
      orderNumber: orders.number,
      channel: orders.channel,
      customerName: orders.customerName,
      receivedAt: orders.receivedAt,
      requestedService: carrierServices.name,
      skuCount: sql<number>`count(distinct ${fulfillmentLines.productId})`.mapWith(Number),
      units: sql<number>`coalesce(sum(${fulfillmentLines.quantity}), 0)`.mapWith(Number),
    })
    .from(fulfillments)
    .innerJoin(orders, eq(orders.id, fulfillments.orderId))
    .leftJoin(fulfillmentLines, eq(fulfillmentLines.fulfillmentId, fulfillments.id))
    .leftJoin(carrierServices, eq(carrierServices.id, orders.requestedServiceId))
    .leftJoin(carriers, eq(carriers.id, carrierServices.carrierId))
    .where(
      and(
        eq(fulfillments.workspaceId, actor.workspaceId),
        input.carrierCode ? eq(carriers.code, input.carrierCode) : undefined,
        input.status ? eq(fulfillments.status, input.status) : undefined,
        input.channel ? eq(orders.channel, input.channel) : undefined,
        input.receivedBefore ? lte(orders.receivedAt, input.receivedBefore) : undefined,
      ),
    )
    .groupBy(fulfillments.id, orders.id, carrierServices.id)
    .orderBy(asc(orders.receivedAt), asc(fulfillments.number))
    .limit(input.limit);
}

/** The id of the fulfillment with this number, in the actor's workspace; else not found. */
export async function fulfillmentIdByNumber(db: DbOrTx, actor: Actor, number: string): Promise<string> {
  assertCan(actor.role, "fulfillment.read");
  const ref = parseInput(codeText, number);
  const [found] = await db.select({ id: fulfillments.id }).from(fulfillments).where(and(eq(fulfillments.number, ref), eq(fulfillments.workspaceId, actor.workspaceId)));
  if (!found) throw new NotFound("Fulfillment", ref);
  return found.id;
}

/** One fulfillment with its lines, open picks, packages, shipment and timeline. */
export async function fulfillmentDetail(db: DbOrTx, actor: Actor, fulfillmentId: string) {
  assertCan(actor.role, "fulfillment.read");
  const id = parseInput(z.uuid("must be a fulfillment id"), fulfillmentId);
  const [head] = await db
    .select({ fulfillment: fulfillments, orderNumber: orders.number, shipTo: orders.shipTo, channel: orders.channel, requestedServiceCode: carrierServices.code, requestedCarrierCode: carriers.code })
    .from(fulfillments)
    .innerJoin(orders, eq(orders.id, fulfillments.orderId))
    .leftJoin(carrierServices, eq(carrierServices.id, orders.requestedServiceId))
    .leftJoin(carriers, eq(carriers.id, carrierServices.carrierId))
    .where(and(eq(fulfillments.id, id), eq(fulfillments.workspaceId, actor.workspaceId)));
  if (!head) throw new NotFound("Fulfillment", id);
  const [lines, open, boxes, shipment, timeline, picked] = await Promise.all([
    db
      .select({ id: fulfillmentLines.id, sku: products.sku, name: products.name, quantity: fulfillmentLines.quantity, pickedQty: fulfillmentLines.pickedQty, shippedQty: fulfillmentLines.shippedQty })
      .from(fulfillmentLines)
      .innerJoin(products, eq(products.id, fulfillmentLines.productId))
      .where(eq(fulfillmentLines.fulfillmentId, id))
      .orderBy(asc(products.sku)),
    pickLines(db, actor.workspaceId, [id]),
    db.select().from(packages).where(eq(packages.fulfillmentId, id)),
    db
      .select({ shipment: shipments, carrierName: carriers.name, trackingUrlTemplate: carriers.trackingUrlTemplate, serviceName: carrierServices.name })
      .from(shipments)
      .innerJoin(carriers, eq(carriers.id, shipments.carrierId))
      .innerJoin(carrierServices, eq(carrierServices.id, shipments.serviceId))
      .where(eq(shipments.fulfillmentId, id))
      .then((rows) => rows[0] ?? null),
    db.select(timelineEntry).from(loopEvents).where(and(eq(loopEvents.workspaceId, actor.workspaceId), eq(loopEvents.subjectId, id))).orderBy(asc(loopEvents.seq)),
    // Where the units came from, and what that bin holds now: after shipping, the stock it took.
    db
      .select({ id: picks.id, sku: products.sku, lotCode: lots.code, binCode: bins.code, quantity: picks.quantity, onHandNow: inventoryPositions.onHand })
      .from(picks)
      .innerJoin(inventoryPositions, eq(inventoryPositions.id, picks.positionId))
      .innerJoin(products, eq(products.id, inventoryPositions.productId))
      .innerJoin(lots, eq(lots.id, picks.lotId))
      .innerJoin(bins, eq(bins.id, inventoryPositions.binId))
      .where(eq(picks.fulfillmentId, id))
      .orderBy(asc(picks.pickedAt)),
  ]);
  const requestedMethod = head.requestedCarrierCode && head.requestedServiceCode ? `${head.requestedCarrierCode}:${head.requestedServiceCode}` : null;
  return { ...head.fulfillment, orderNumber: head.orderNumber, shipTo: head.shipTo, channel: head.channel, requestedMethod, lines, openPicks: open, packages: boxes, shipment, timeline, picked };
}

/** Carriers and services to choose from when shipping, slowest (cheapest) first per carrier. */
export async function shippingOptions(db: DbOrTx, actor: Actor) {
  assertCan(actor.role, "fulfillment.read");
  return db
    .select({ carrierCode: carriers.code, carrierName: carriers.name, serviceCode: carrierServices.code, serviceName: carrierServices.name, transitDays: carrierServices.transitDays })
    .from(carrierServices)
    .innerJoin(carriers, eq(carriers.id, carrierServices.carrierId))
    .where(eq(carriers.workspaceId, actor.workspaceId))
    .orderBy(asc(carriers.name), desc(carrierServices.transitDays), asc(carrierServices.code));
}

export const quoteShipmentInput = z.object({ fulfillmentId: z.uuid(), carrierCode: codeText, serviceCode: codeText });

/** The cost the rate table gives for this fulfillment's packed weight and destination. */
export async function quoteShipment(db: DbOrTx, actor: Actor, raw: z.input<typeof quoteShipmentInput>) {
  assertCan(actor.role, "fulfillment.read");
  const input = parseInput(quoteShipmentInput, raw);
  const detail = await fulfillmentDetail(db, actor, input.fulfillmentId);
  const weightGrams = detail.packages.reduce((n, p) => n + p.weightGrams, 0);
  const quote = await quoteRate(db, actor.workspaceId, input.carrierCode, input.serviceCode, detail.shipTo, weightGrams);
  return { zone: quote.zone, weightGrams, costMinor: quote.costMinor, currency: quote.currency, transitDays: quote.service.transitDays };
}

