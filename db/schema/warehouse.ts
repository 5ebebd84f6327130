import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./identity";

export const warehouses = pgTable(
  "warehouses",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    code: text().notNull(),
    name: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("warehouses_workspace_code").on(t.workspaceId, t.code)],
);

export const bins = pgTable(
  "bins",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    warehouseId: uuid().notNull().references(() => warehouses.id),
    code: text().notNull(),
    zone: text().notNull(),
    /** Walking order for pick lists. */
    pickSequence: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** A bin with stock history is retired rather than deleted: the ledger still points at it. */
    retiredAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("bins_warehouse_code").on(t.warehouseId, t.code), index("bins_workspace").on(t.workspaceId)],
);
