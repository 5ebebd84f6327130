import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { FULFILLMENT_STATES } from "../../server/domain/fulfillmentLoop";
import { lots, products } from "./catalog";
import { users, workspaces } from "./identity";
import { inventoryPositions } from "./inventory";
import { orderLines, orders, reservations } from "./orders";
import { warehouses } from "./warehouse";

export const fulfillmentStatusEnum = pgEnum("fulfillment_status", FULFILLMENT_STATES);

/** The execution loop for the reserved lines of an order, opened when the order is queued. */
export const fulfillments = pgTable(
  "fulfillments",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    orderId: uuid().notNull().references(() => orders.id),
    warehouseId: uuid().notNull().references(() => warehouses.id),
    number: text().notNull(),
    status: fulfillmentStatusEnum().notNull().default("ALLOCATED"),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    pickingAt: timestamp({ withTimezone: true }),
    packedAt: timestamp({ withTimezone: true }),
    shippedAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("fulfillments_workspace_number").on(t.workspaceId, t.number), index("fulfillments_order").on(t.orderId)],
);

export const fulfillmentLines = pgTable(
  "fulfillment_lines",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    fulfillmentId: uuid().notNull().references(() => fulfillments.id),
    orderLineId: uuid().notNull().references(() => orderLines.id),
    productId: uuid().notNull().references(() => products.id),
    quantity: integer().notNull(),
    pickedQty: integer().notNull().default(0),
    shippedQty: integer().notNull().default(0),
  },
  (t) => [
    index("fulfillment_lines_fulfillment").on(t.fulfillmentId),
    check("fulfillment_lines_progress", sql`${t.pickedQty} between 0 and ${t.quantity} and ${t.shippedQty} between 0 and ${t.pickedQty}`),
  ],
);

/** Each pick as the picker confirmed it: which lot, from which position, how many. */
export const picks = pgTable(
  "picks",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    fulfillmentId: uuid().notNull().references(() => fulfillments.id),
    fulfillmentLineId: uuid().notNull().references(() => fulfillmentLines.id),
    reservationId: uuid().notNull().references(() => reservations.id),
    positionId: uuid().notNull().references(() => inventoryPositions.id),
    lotId: uuid().notNull().references(() => lots.id),
    quantity: integer().notNull(),
    actorId: uuid().references(() => users.id),
    pickedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("picks_fulfillment").on(t.fulfillmentId), check("picks_quantity_positive", sql`${t.quantity} > 0`)],
);

export const packages = pgTable(
  "packages",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    fulfillmentId: uuid().notNull().references(() => fulfillments.id),
    weightGrams: integer().notNull(),
    lengthMm: integer().notNull(),
    widthMm: integer().notNull(),
    heightMm: integer().notNull(),
  },
  (t) => [index("packages_fulfillment").on(t.fulfillmentId), check("packages_positive", sql`${t.weightGrams} > 0 and ${t.lengthMm} > 0 and ${t.widthMm} > 0 and ${t.heightMm} > 0`)],
);
