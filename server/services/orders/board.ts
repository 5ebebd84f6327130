import { and, asc, count, desc, eq, inArray, ne, notInArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../../db/client";
import { accounts, carrierServices, carriers, fulfillments, orderLines, orders, warehouses } from "../../../db/schema";
import { BOARD_COLUMN_STATES, BOARD_COLUMNS, boardColumnOf, type BoardColumn } from "../../domain/board";
import { CHANNELS } from "../../domain/commercial";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { orderScope, orderSearch } from "./scope";
import { orderSummary } from "./queries";
import { text, wholeNumber } from "../fields";

/** The board's filters, as they appear in its URL. */
export const boardFilters = z.object({
  channel: z.enum(CHANNELS).optional(),
  customer: text(40).optional(),
  warehouse: text(40).optional(),
  search: text(100).optional(),
});
export type BoardFilters = z.infer<typeof boardFilters>;

export const BOARD_PAGE = 25;

export const boardInput = boardFilters.extend({
  /** How many cards each column shows: a page, or more after "show more". */
  show: z.partialRecord(z.enum(BOARD_COLUMNS), wholeNumber(1, 500)).default({}),
});
export type BoardInput = z.input<typeof boardInput>;

/**
 * The board: each column's count (from the database, over every matching order) and its first
 * cards. Active columns show the oldest order first, because that is the one running late;
 * the done column shows the newest.
 */
export async function loadBoard(db: DbOrTx, actor: Actor, raw: BoardInput = {}) {
  assertCan(actor.role, "board.read");
  const input = parseInput(boardInput, raw);
  const where = boardWhere(db, actor, input);

  const [byStatus, ...pages] = await Promise.all([
    db.select({ status: orders.status, n: count() }).from(orders).where(where).groupBy(orders.status),
    ...BOARD_COLUMNS.map((column) => boardCards(db, where, column, input.show[column] ?? BOARD_PAGE)),
  ]);
  const counts = Object.fromEntries(BOARD_COLUMNS.map((c) => [c, 0])) as Record<BoardColumn, number>;
  for (const { status, n } of byStatus) {
    const column = boardColumnOf(status);
    if (column) counts[column] += n;
  }
  const cards = Object.fromEntries(BOARD_COLUMNS.map((c, i) => [c, pages[i]!])) as Record<BoardColumn, BoardCard[]>;
  return { counts, cards };
}

/** The orders the board shows under these filters (every column; cancelled ones never). */
export function boardWhere(db: DbOrTx, actor: Actor, filters: BoardFilters) {
  return and(
    orderScope(actor),
    ne(orders.status, "CANCELLED"),
    filters.channel ? eq(orders.channel, filters.channel) : undefined,
    filters.customer ? inArray(orders.accountId, db.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.workspaceId, actor.workspaceId), eq(accounts.code, filters.customer)))) : undefined,
    filters.warehouse ? inArray(orders.warehouseId, db.select({ id: warehouses.id }).from(warehouses).where(and(eq(warehouses.workspaceId, actor.workspaceId), eq(warehouses.code, filters.warehouse)))) : undefined,
    orderSearch(filters.search),
  );
}

export type Board = Awaited<ReturnType<typeof loadBoard>>;
export type BoardCard = Awaited<ReturnType<typeof boardCards>>[number];

/** The fulfillment an order is working on: its newest that is still open or on the road. */
function activeFulfillment(db: DbOrTx) {
  return db
    .select({ id: fulfillments.id, number: fulfillments.number, status: fulfillments.status, version: fulfillments.version })
    .from(fulfillments)
    .where(and(eq(fulfillments.orderId, orders.id), notInArray(fulfillments.status, ["DELIVERED", "CLOSED", "CANCELLED"])))
    .orderBy(desc(fulfillments.createdAt))
    .limit(1)
    .as("active_fulfillment");
}

async function boardCards(db: DbOrTx, where: ReturnType<typeof and>, column: BoardColumn, limit: number) {
  // The page of orders first, so the badges and the fulfillment are looked up for its rows only.
  const order = [column === "done" ? desc(orders.receivedAt) : asc(orders.receivedAt), asc(orders.number)];
  const page = db
    .select({ id: orders.id })
    .from(orders)
    .where(and(where, inArray(orders.status, [...BOARD_COLUMN_STATES[column]])))
    .orderBy(...order)
    .limit(limit)
    .as("page");
  const fulfillment = activeFulfillment(db);
  const lineFacts = (fact: ReturnType<typeof sql>) => sql`(select ${fact} from ${orderLines} where ${orderLines.orderId} = ${orders.id})`;
  const rows = await db
    .select({
      ...orderSummary,
      skuCount: lineFacts(sql`count(distinct ${orderLines.productId})`).mapWith(Number),
      backordered: lineFacts(sql`coalesce(bool_or(${orderLines.backorderedQty} > 0), false)`).mapWith(Boolean),
      lotPinned: lineFacts(sql`coalesce(bool_or(${orderLines.pinnedLotId} is not null), false)`).mapWith(Boolean),
      // "FEDEX:GROUND", as the ship dialog's select names a method.
      requestedMethod: sql<string | null>`(select ${carriers.code} || ':' || ${carrierServices.code} from ${carrierServices} join ${carriers} on ${carriers.id} = ${carrierServices.carrierId} where ${carrierServices.id} = ${orders.requestedServiceId})`,
      fulfillmentId: fulfillment.id,
      fulfillmentNumber: fulfillment.number,
      fulfillmentStatus: fulfillment.status,
      fulfillmentVersion: fulfillment.version,
    })
    .from(page)
    .innerJoin(orders, eq(orders.id, page.id))
    .leftJoin(accounts, eq(accounts.id, orders.accountId))
    .leftJoinLateral(fulfillment, sql`true`)
    .orderBy(...order);
  return rows.map(({ fulfillmentId, fulfillmentNumber, fulfillmentStatus, fulfillmentVersion, ...card }) => ({
    ...card,
    b2b: card.accountName !== null,
    fulfillment: fulfillmentId && fulfillmentNumber && fulfillmentStatus && fulfillmentVersion ? { id: fulfillmentId, number: fulfillmentNumber, status: fulfillmentStatus, version: fulfillmentVersion } : null,
  }));
}
