import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { products } from "../../../db/schema";
import { BadInput, NotFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { loadWorkspace } from "../workspace";
import { changedFields, recordAdminChange } from "./adminChange";
import { priceMinor, requiredText, text, wholeNumber } from "../fields";
import { MAX_NAME, MAX_WEIGHT_GRAMS } from "../../domain/limits";

const packSize = wholeNumber(1, 100_000).nullable();

export const saveProductInput = z
  .object({
    productId: z.uuid("must be a product id").optional(),
    sku: text(40).toUpperCase().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, "must be 2 to 40 letters, digits or -"),
    name: requiredText(MAX_NAME),
    unitPriceMinor: priceMinor,
    weightGrams: wholeNumber(0, MAX_WEIGHT_GRAMS),
    casePackQty: packSize,
    palletQty: packSize,
    lotTracked: z.boolean(),
    minShelfLifeDays: wholeNumber(0, 3650),
  })
  .refine((p) => p.palletQty === null || p.casePackQty === null || p.palletQty % p.casePackQty === 0, { message: "must be a whole number of cases", path: ["palletQty"] });
export type SaveProductInput = z.input<typeof saveProductInput>;

/**
 * Creates or changes a product: SKU, description, price, weight, case and pallet sizes, lot
 * tracking and minimum shelf life. Lines already ordered keep their price; the shelf-life rule
 * applies to the next allocation and pick list.
 */
export async function saveProduct(db: Database, actor: Actor, raw: SaveProductInput) {
  assertCan(actor.role, "admin.manage");
  const { productId, ...fields } = parseInput(saveProductInput, raw);
  return db.transaction(async (tx) => {
    const [clash] = await tx.select({ id: products.id }).from(products).where(and(eq(products.workspaceId, actor.workspaceId), eq(products.sku, fields.sku)));
    if (clash && clash.id !== productId) throw BadInput.field("sku", `a product ${fields.sku} already exists`);
    if (!productId) {
      const { currency } = await loadWorkspace(tx, actor);
      const [created] = await tx.insert(products).values({ workspaceId: actor.workspaceId, currency, ...fields }).returning();
      await recordAdminChange(tx, actor, "product", created!.id, "created", fields);
      return created!;
    }
    const [before] = await tx.select().from(products).where(and(eq(products.id, productId), eq(products.workspaceId, actor.workspaceId))).for("update");
    if (!before) throw new NotFound("Product", productId);
    const [updated] = await tx.update(products).set(fields).where(eq(products.id, before.id)).returning();
    await recordAdminChange(tx, actor, "product", before.id, "updated", { sku: fields.sku, changes: changedFields(before, fields) });
    return updated!;
  });
}
