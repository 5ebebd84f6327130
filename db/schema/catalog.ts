import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { QC_STATUSES } from "../../server/domain/lots";
import { workspaces } from "./identity";

export const qcStatusEnum = pgEnum("qc_status", QC_STATUSES);

export const products = pgTable(
  "products",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    sku: text().notNull(),
    name: text().notNull(),
    unitPriceMinor: integer().notNull(),
    currency: text().notNull(),
    weightGrams: integer().notNull().default(0),
    casePackQty: integer(),
    palletQty: integer(),
    minShelfLifeDays: integer().notNull().default(0),
    /** Lot-tracked products are received only with a lot code and an expiry date. */
    lotTracked: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("products_workspace_sku").on(t.workspaceId, t.sku),
    check("products_price_nonnegative", sql`${t.unitPriceMinor} >= 0`),
    check("products_pack_sizes_positive", sql`coalesce(${t.casePackQty}, 1) > 0 and coalesce(${t.palletQty}, 1) > 0`),
  ],
);

/**
 * Every unit of stock belongs to a lot. Products without lot tracking get one lot per receipt,
 * so FEFO degrades to FIFO for them without a second code path.
 */
export const lots = pgTable(
  "lots",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    productId: uuid().notNull().references(() => products.id),
    code: text().notNull(),
    expiresOn: date({ mode: "string" }),
    receivedOn: date({ mode: "string" }).notNull(),
    qcStatus: qcStatusEnum().notNull().default("RELEASED"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("lots_product_code").on(t.productId, t.code), index("lots_workspace").on(t.workspaceId)],
);
