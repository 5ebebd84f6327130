import { and, asc, count, desc, eq, gte, inArray, lt, lte, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../../db/client";
import { accounts, bins, carrierServices, carriers, fulfillments, inventoryPositions, loopEvents, lots, orderLines, orders, products, reservations, shipments, warehouses } from "../../../db/schema";
import { CHANNELS } from "../../domain/commercial";
import { lotsShipped } from "../../domain/lots";
import { trackingUrl } from "../../domain/shipping";
import { BadInput, NotFound } from "../../domain/errors";
import { ORDER_STATES } from "../../domain/orderLoop";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { timelineEntry } from "../events";
import { forCustomer } from "../events/customerView";
import { loadWorkspace } from "../workspace";
import { orderScope, orderSearch } from "./scope";
import { codeText, isoDate, text, wholeNumber } from "../fields";
import { addDays, instantOfWallTime, isIsoDate } from "../../domain/dates";
import { MAX_INT4 } from "../../domain/limits";

/** `2026-11-23T08:00:00Z` (a moment) or `2026-11-23` (the whole day where the workspace is). */
const timeOrDay = z.union([isoDate, z.iso.datetime({ offset: true })], { error: "must be a day like 2026-11-23 or a time like 2026-11-23T08:00:00Z" });

export const listOrdersInput = z.object({
  status: z.enum(ORDER_STATES).optional(),
  channel: z.enum(CHANNELS).optional(),
  /** A B2B account's code: its orders only. */
  accountCode: codeText.optional(),
  /** Orders with any change (their own or their fulfillments') at or after this time. */
  updatedSince: z.iso.datetime({ offset: true, message: "must be a time like 2026-11-23T08:00:00Z" }).optional(),
  /** The channel's own reference, exactly: Shopify's order name (`#1001`), a Square order id, an EDI PO number. */
  channelReference: text(100).optional(),
  /** Received at or after: a time, or a day (from its start in the workspace's time zone). */
  receivedFrom: timeOrDay.optional(),
  /** Received up to and including: a time, or a day (to its end in the workspace's time zone). */
  receivedTo: timeOrDay.optional(),
  search: text(100).optional(),
  limit: wholeNumber(1, 200).default(50),
  offset: wholeNumber(0, MAX_INT4).default(0),
  /** `nextCursor` of the previous page: the list goes on after it, however many orders arrived since. */
  cursor: text(100).optional(),
});
export type ListOrdersInput = z.input<typeof listOrdersInput>;

/** What a list row or a board card says of an order; the query must left-join accounts. */
export const orderSummary = {
  id: orders.id,
  number: orders.number,
  status: orders.status,
  version: orders.version,
  channel: orders.channel,
  customerName: orders.customerName,
  accountName: accounts.name,
  totalMinor: orders.totalMinor,
  currency: orders.currency,
  receivedAt: orders.receivedAt,
};

/** The orders an actor may see, newest first, with value and SKU count computed in the query. */
export async function listOrders(db: DbOrTx, actor: Actor, raw: ListOrdersInput = {}) {
  assertCan(actor.role, "order.read");
  const input = parseInput(listOrdersInput, raw);
  const where = and(
    orderScope(actor),
    input.status ? eq(orders.status, input.status) : undefined,
    input.channel ? eq(orders.channel, input.channel) : undefined,
    input.accountCode ? inArray(orders.accountId, db.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.workspaceId, actor.workspaceId), eq(accounts.code, input.accountCode)))) : undefined,
    input.updatedSince ? changedSince(actor, new Date(input.updatedSince)) : undefined,
    input.channelReference ? eq(orders.channelReference, input.channelReference) : undefined,
    await receivedWithin(db, actor, input.receivedFrom, input.receivedTo),
    orderSearch(input.search),
  );
  const after = input.cursor ? await cursorAnchor(db, actor, input.cursor) : null;
  const skuCount = db
    .select({ orderId: orderLines.orderId, skus: sql<number>`count(distinct ${orderLines.productId})::int`.as("skus") })
    .from(orderLines)
    .groupBy(orderLines.orderId)
    .as("sku_count");
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...orderSummary, skuCount: skuCount.skus })
      .from(orders)
      .leftJoin(accounts, eq(accounts.id, orders.accountId))
      .innerJoin(skuCount, eq(skuCount.orderId, orders.id))
      .where(and(where, after ? sql`(${orders.receivedAt}, ${orders.number}) < (select o.received_at, o.number from ${orders} o where o.id = ${after})` : undefined))
      .orderBy(desc(orders.receivedAt), desc(orders.number))
      .limit(input.limit)
      .offset(after ? 0 : input.offset),
    db.select({ n: count() }).from(orders).where(where),
  ]);
  const last = rows.length === input.limit ? rows[rows.length - 1] : undefined;
  return { rows, total: total?.n ?? 0, nextCursor: last ? Buffer.from(last.id).toString("base64url") : null };
}

/** Orders received in the range; a day is read in the workspace's time zone (loaded only then). */
async function receivedWithin(db: DbOrTx, actor: Actor, from: string | undefined, to: string | undefined) {
  if (!from && !to) return undefined;
  const timeZone = [from, to].some((v) => v && isIsoDate(v)) ? (await loadWorkspace(db, actor)).timeZone : "UTC";
  const dayStart = (day: string) => instantOfWallTime(`${day}T00:00`, timeZone);
  return and(
    from ? gte(orders.receivedAt, isIsoDate(from) ? dayStart(from) : new Date(from)) : undefined,
    to ? (isIsoDate(to) ? lt(orders.receivedAt, dayStart(addDays(to, 1))) : lte(orders.receivedAt, new Date(to))) : undefined,
  );
}

/** Orders with a loop event (on the order or one of its fulfillments) at or after `since`. */
function changedSince(actor: Actor, since: Date) {
  return sql`exists (select 1 from ${loopEvents} where ${loopEvents.workspaceId} = ${actor.workspaceId} and ${loopEvents.occurredAt} >= ${since.toISOString()}
    and (${loopEvents.subjectId} = ${orders.id} or ${loopEvents.subjectId} in (select ${fulfillments.id} from ${fulfillments} where ${fulfillments.orderId} = ${orders.id})))`;
}

/**
 * A cursor is the last order of the previous page, base64url-encoded: opaque to clients, and
 * exact (the page goes on from that row's received time and number, not from a rounded time).
 */
async function cursorAnchor(db: DbOrTx, actor: Actor, cursor: string) {
  const id = Buffer.from(cursor, "base64url").toString();
  const refused = BadInput.field("cursor", "is not a cursor this list gave");
  if (!z.uuid().safeParse(id).success) throw refused;
  const [anchor] = await db.select({ id: orders.id }).from(orders).where(and(eq(orders.id, id), orderScope(actor)));
  if (!anchor) throw refused;
  // Compared in SQL, not through a JS Date: timestamps keep microseconds, Dates only milliseconds.
  return anchor.id;
}

/** The id of the order with this number (`LMB-ORD-2026-0041`), if the actor may see it; else not found. */
export async function orderIdByNumber(db: DbOrTx, actor: Actor, number: string): Promise<string> {
  assertCan(actor.role, "order.read");
  const ref = parseInput(codeText, number);
  const [order] = await db.select({ id: orders.id }).from(orders).where(and(eq(orders.number, ref), orderScope(actor)));
  if (!order) throw new NotFound("Order", ref);
  return order.id;
}

/** The same detail, found by the order number people and documents use (`LMB-ORD-2026-0041`). */
export async function getOrderDetailByNumber(db: DbOrTx, actor: Actor, number: string) {
  return getOrderDetail(db, actor, await orderIdByNumber(db, actor, number));
}

/** Everything the order page shows: lines, allocation (lot, bin, before/reserved/after), timeline. */
export async function getOrderDetail(db: DbOrTx, actor: Actor, orderId: string) {
  assertCan(actor.role, "order.read");
  const id = parseInput(z.uuid("must be an order id"), orderId);
  const [head] = await db
    .select({ order: orders, accountName: accounts.name, warehouseCode: warehouses.code })
    .from(orders)
    .leftJoin(accounts, eq(accounts.id, orders.accountId))
    .innerJoin(warehouses, eq(warehouses.id, orders.warehouseId))
    .where(and(eq(orders.id, id), orderScope(actor)));
  if (!head) throw new NotFound("Order", id);

  const pinnedLots = db.select({ id: lots.id, code: lots.code }).from(lots).as("pinned_lots");
  const [lines, allocation, timeline, orderFulfillments, orderShipments] = await Promise.all([
    db
      .select({
        id: orderLines.id,
        lineNo: orderLines.lineNo,
        sku: products.sku,
        name: products.name,
        quantity: orderLines.quantity,
        uom: orderLines.uom,
        uomQuantity: orderLines.uomQuantity,
        unitPriceMinor: orderLines.unitPriceMinor,
        allocatedQty: orderLines.allocatedQty,
        backorderedQty: orderLines.backorderedQty,
        pinnedLotCode: pinnedLots.code,
      })
      .from(orderLines)
      .innerJoin(products, eq(products.id, orderLines.productId))
      .leftJoin(pinnedLots, eq(pinnedLots.id, orderLines.pinnedLotId))
      .where(eq(orderLines.orderId, id))
      .orderBy(asc(orderLines.lineNo)),
    db
      .select({
        id: reservations.id,
        lineId: reservations.orderLineId,
        sku: products.sku,
        lotCode: lots.code,
        expiresOn: lots.expiresOn,
        binCode: bins.code,
        quantity: reservations.quantity,
        pickedQty: reservations.pickedQty,
        availableBefore: reservations.availableBefore,
        status: reservations.status,
        pinned: sql<boolean>`${orderLines.pinnedLotId} is not null`,
      })
      .from(reservations)
      .innerJoin(orderLines, eq(orderLines.id, reservations.orderLineId))
      .innerJoin(products, eq(products.id, orderLines.productId))
      .innerJoin(lots, eq(lots.id, reservations.lotId))
      .innerJoin(inventoryPositions, eq(inventoryPositions.id, reservations.positionId))
      .innerJoin(bins, eq(bins.id, inventoryPositions.binId))
      .where(eq(reservations.orderId, id))
      .orderBy(asc(orderLines.lineNo), asc(reservations.createdAt), asc(lots.expiresOn)),
    db
      .select({ ...timelineEntry, actorId: loopEvents.actorId })
      .from(loopEvents)
      .where(
        and(
          eq(loopEvents.workspaceId, actor.workspaceId),
          or(eq(loopEvents.subjectId, id), inArray(loopEvents.subjectId, db.select({ id: fulfillments.id }).from(fulfillments).where(eq(fulfillments.orderId, id)))),
        ),
      )
      .orderBy(asc(loopEvents.seq)),
    db.select().from(fulfillments).where(eq(fulfillments.orderId, id)).orderBy(asc(fulfillments.createdAt)),
    db
      .select({
        id: shipments.id,
        carrier: carriers.name,
        service: carrierServices.name,
        trackingNumber: shipments.trackingNumber,
        trackingUrlTemplate: carriers.trackingUrlTemplate,
        status: shipments.status,
        dispatchedAt: shipments.dispatchedAt,
        estimatedDeliveryOn: shipments.estimatedDeliveryOn,
        deliveredAt: shipments.deliveredAt,
        proof: shipments.proof,
      })
      .from(shipments)
      .innerJoin(carriers, eq(carriers.id, shipments.carrierId))
      .innerJoin(carrierServices, eq(carrierServices.id, shipments.serviceId))
      .where(eq(shipments.orderId, id))
      .orderBy(asc(shipments.dispatchedAt)),
  ]);
  const shipmentsWithLinks = orderShipments.map(({ trackingUrlTemplate, ...s }) => ({ ...s, trackingUrl: trackingUrl(trackingUrlTemplate, s.trackingNumber) }));
  // Traceability: every lot the order took away, and how much of each.
  const shippedLots = lotsShipped(allocation.filter((a) => a.status === "CONSUMED").map((a) => ({ sku: a.sku, lotCode: a.lotCode, expiresOn: a.expiresOn, quantity: a.pickedQty })));
  const detail = { ...head.order, accountName: head.accountName, warehouseCode: head.warehouseCode, lines, allocation, lotsShipped: shippedLots, timeline, fulfillments: orderFulfillments, shipments: shipmentsWithLinks };
  if (actor.role !== "customer") return detail;

  // A buyer's view is an allow-list: their order, lines, shipments and the lots shipped to them.
  // No reservations (which lots and bins hold stock for them before it ships), stock levels,
  // internal ids, staff names or staff notes.
  const { name: workspaceName } = await loadWorkspace(db, actor);
  const { workspaceId: _w, warehouseCode: _c, ...order } = buyerOrderRow(detail, actor);
  return {
    ...order,
    allocation: [],
    timeline: timeline.map((e) => forCustomer(e, actor, workspaceName)),
    fulfillments: orderFulfillments.map((f) => ({ id: f.id, number: f.number, status: f.status })),
  };
}

/** An order row as its reader may see it: a buyer gets no warehouse or carrier-service ids (internal). */
export function buyerOrderRow<T extends { warehouseId: string; requestedServiceId: string | null }>(order: T, actor: Actor): Omit<T, "warehouseId" | "requestedServiceId"> & Partial<Pick<T, "warehouseId" | "requestedServiceId">> {
  if (actor.role !== "customer") return order;
  const { warehouseId: _h, requestedServiceId: _s, ...rest } = order;
  return rest;
}
