import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { lots, products } from "./catalog";
import { users, workspaces } from "./identity";
import { bins, warehouses } from "./warehouse";

/**
 * Projection of the ledger per (warehouse, bin, SKU, lot), kept in the same transaction as each
 * ledger row. available = on hand − reserved; the checks make overselling impossible at the
 * database too, whatever a service does.
 */
export const inventoryPositions = pgTable(
  "inventory_positions",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    warehouseId: uuid().notNull().references(() => warehouses.id),
    binId: uuid().notNull().references(() => bins.id),
    productId: uuid().notNull().references(() => products.id),
    lotId: uuid().notNull().references(() => lots.id),
    onHand: integer().notNull().default(0),
    reserved: integer().notNull().default(0),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("positions_place").on(t.warehouseId, t.binId, t.productId, t.lotId),
    index("positions_workspace_product").on(t.workspaceId, t.productId),
    check("positions_reserved_within_on_hand", sql`${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`),
  ],
);

export const ledgerKindEnum = pgEnum("ledger_kind", ["RECEIPT", "SHIPMENT", "ADJUSTMENT", "RETURN"]);

/** Append-only: every change of on-hand, signed. A trigger refuses UPDATE and DELETE. */
export const inventoryLedger = pgTable(
  "inventory_ledger",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    positionId: uuid().notNull().references(() => inventoryPositions.id),
    kind: ledgerKindEnum().notNull(),
    quantity: integer().notNull(),
    reference: text(),
    actorId: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ledger_position").on(t.positionId), check("ledger_quantity_nonzero", sql`${t.quantity} <> 0`)],
);
