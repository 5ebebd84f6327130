import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { accounts, products, warehouses } from "../../../db/schema";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";

/** What an order form offers: products with pack sizes, warehouses, and B2B accounts (a customer sees only their own). */
export async function orderFormOptions(db: DbOrTx, actor: Actor) {
  assertCan(actor.role, "order.create");
  const [productRows, warehouseRows, accountRows] = await Promise.all([
    db
      .select({ sku: products.sku, name: products.name, unitPriceMinor: products.unitPriceMinor, currency: products.currency, casePackQty: products.casePackQty, palletQty: products.palletQty })
      .from(products)
      .where(eq(products.workspaceId, actor.workspaceId))
      .orderBy(asc(products.sku)),
    db.select({ code: warehouses.code, name: warehouses.name }).from(warehouses).where(eq(warehouses.workspaceId, actor.workspaceId)).orderBy(asc(warehouses.code)),
    db
      .select({ id: accounts.id, code: accounts.code, name: accounts.name, paymentTerms: accounts.paymentTerms, deliveryLeadDays: accounts.deliveryLeadDays })
      .from(accounts)
      .where(eq(accounts.workspaceId, actor.workspaceId))
      .orderBy(asc(accounts.name)),
  ]);
  const visibleAccounts = actor.role === "customer" ? accountRows.filter((a) => a.id === actor.accountId) : accountRows;
  return { products: productRows, warehouses: warehouseRows, accounts: visibleAccounts };
}
