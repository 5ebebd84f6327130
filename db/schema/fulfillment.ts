import { index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { FULFILLMENT_STATES } from "../../server/domain/fulfillmentLoop";
import { products } from "./catalog";
import { workspaces } from "./identity";
import { orderLines, orders } from "./orders";
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
  },
  (t) => [index("fulfillment_lines_fulfillment").on(t.fulfillmentId)],
);
