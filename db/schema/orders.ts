import { sql } from "drizzle-orm";
import {
  boolean, check, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { CHANNELS } from "../../server/domain/commercial";
import { ORDER_STATES } from "../../server/domain/orderLoop";
import { UNITS_OF_MEASURE } from "../../server/domain/units";
import { lots, products } from "./catalog";
import { accounts, paymentTermsEnum, workspaces } from "./identity";
import { inventoryPositions } from "./inventory";
import { channelConnections } from "./channels";
import { carrierServices } from "./shipping";
import { warehouses } from "./warehouse";

export const orderStatusEnum = pgEnum("order_status", ORDER_STATES);
export const channelEnum = pgEnum("channel", CHANNELS);
export const uomEnum = pgEnum("unit_of_measure", UNITS_OF_MEASURE);
export const reservationStatusEnum = pgEnum("reservation_status", ["ACTIVE", "RELEASED", "CONSUMED"]);

export interface ShipTo {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

export const orders = pgTable(
  "orders",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    number: text().notNull(),
    channel: channelEnum().notNull(),
    status: orderStatusEnum().notNull().default("RECEIVED"),
    /** Bumped by every command: a stale operator action gets a conflict, not an overwrite. */
    version: integer().notNull().default(1),
    warehouseId: uuid().notNull().references(() => warehouses.id),
    accountId: uuid().references(() => accounts.id),
    customerName: text().notNull(),
    customerEmail: text(),
    shipTo: jsonb().$type<ShipTo>().notNull(),
    currency: text().notNull(),
    totalMinor: integer().notNull(),
    buyerPo: text(),
    paymentTerms: paymentTermsEnum(),
    deliveryWindowStart: date({ mode: "string" }),
    deliveryWindowEnd: date({ mode: "string" }),
    plannedShipDate: date({ mode: "string" }).notNull(),
    acceptsBackorder: boolean().notNull().default(false),
    /** The shipping method the customer chose at the channel, if any: waves can be cut by it. */
    requestedServiceId: uuid().references((): AnyPgColumn => carrierServices.id),
    cancelReason: text(),
    /** Orders from a connected channel: the connection, the channel's reference (#1001, the PO) and its own order id. */
    channelConnectionId: uuid().references((): AnyPgColumn => channelConnections.id),
    channelReference: text(),
    channelOrderId: text(),
    /** What the channel charged for shipping and tax, beside the lines (the total includes them). */
    shippingMinor: integer().notNull().default(0),
    taxMinor: integer().notNull().default(0),
    /** A channel order the worker still has to try to allocate (the workspace auto-allocates). */
    autoAllocateDue: boolean().notNull().default(false),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    allocatedAt: timestamp({ withTimezone: true }),
    queuedAt: timestamp({ withTimezone: true }),
    shippedAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("orders_workspace_number").on(t.workspaceId, t.number),
    index("orders_workspace_status").on(t.workspaceId, t.status, t.receivedAt),
    index("orders_account").on(t.accountId),
    /** One order per channel order, however often the channel sends it. */
    uniqueIndex("orders_channel_order").on(t.channelConnectionId, t.channelOrderId),
    // The board's and the list's search is `ilike '%text%'` on these four: trigram indexes answer
    // it without reading every order (pg_trgm, created by the migration).
    index("orders_auto_allocate_due").on(t.receivedAt).where(sql`${t.autoAllocateDue}`),
    index("orders_search_number").using("gin", t.number.op("gin_trgm_ops")),
    index("orders_search_customer_name").using("gin", t.customerName.op("gin_trgm_ops")),
    index("orders_search_buyer_po").using("gin", t.buyerPo.op("gin_trgm_ops")),
    index("orders_search_channel_reference").using("gin", t.channelReference.op("gin_trgm_ops")),
    check("orders_delivery_window", sql`${t.deliveryWindowEnd} is null or ${t.deliveryWindowStart} <= ${t.deliveryWindowEnd}`),
  ],
);

export const orderLines = pgTable(
  "order_lines",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    orderId: uuid().notNull().references(() => orders.id),
    lineNo: integer().notNull(),
    productId: uuid().notNull().references(() => products.id),
    /** Base units. */
    quantity: integer().notNull(),
    /** As ordered: e.g. 4 CASE of 12 is quantity 48. */
    uom: uomEnum().notNull().default("EACH"),
    uomQuantity: integer().notNull(),
    unitPriceMinor: integer().notNull(),
    pinnedLotId: uuid().references(() => lots.id),
    /** Sum of this line's ACTIVE reservations, kept in the same transaction. */
    allocatedQty: integer().notNull().default(0),
    backorderedQty: integer().notNull().default(0),
    shippedQty: integer().notNull().default(0),
  },
  (t) => [
    uniqueIndex("order_lines_order_line_no").on(t.orderId, t.lineNo),
    check("order_lines_quantity_positive", sql`${t.quantity} > 0`),
    check("order_lines_allocation_bounds", sql`${t.allocatedQty} >= 0 and ${t.backorderedQty} >= 0 and ${t.shippedQty} >= 0 and ${t.allocatedQty} + ${t.backorderedQty} + ${t.shippedQty} <= ${t.quantity}`),
  ],
);

export const reservations = pgTable(
  "reservations",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    orderId: uuid().notNull().references(() => orders.id),
    orderLineId: uuid().notNull().references(() => orderLines.id),
    positionId: uuid().notNull().references(() => inventoryPositions.id),
    lotId: uuid().notNull().references(() => lots.id),
    quantity: integer().notNull(),
    /** Free at the position just before this reservation was made. */
    availableBefore: integer().notNull(),
    /** Picked so far; consumed at shipment. */
    pickedQty: integer().notNull().default(0),
    status: reservationStatusEnum().notNull().default("ACTIVE"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("reservations_order").on(t.orderId),
    index("reservations_position_active").on(t.positionId).where(sql`${t.status} = 'ACTIVE'`),
    check("reservations_quantity_positive", sql`${t.quantity} > 0 and ${t.pickedQty} between 0 and ${t.quantity}`),
  ],
);

/** Order numbers run per workspace and year: LMB-ORD-2026-0041. */
export const orderNumberCounters = pgTable(
  "order_number_counters",
  {
    workspaceId: uuid().notNull().references(() => workspaces.id),
    year: integer().notNull(),
    last: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.year] })],
);
