import { and, asc, eq, ilike, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../../db/client";
import { bins, inventoryPositions, lots, products, warehouses } from "../../../db/schema";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { codeText, text } from "../fields";

export const listPositionsInput = z.object({
  /** Part of a SKU, lot code or bin code. */
  search: text(100).optional(),
  sku: codeText.optional(),
  lotCode: codeText.optional(),
  binCode: codeText.optional(),
});

/** Live positions with lot facts, in FEFO order per SKU. `available` is what allocation may still take. */
export async function listPositions(db: DbOrTx, actor: Actor, raw: z.input<typeof listPositionsInput> = {}) {
  assertCan(actor.role, "inventory.read");
  const input = parseInput(listPositionsInput, raw);
  return db
    .select({
      id: inventoryPositions.id,
      warehouseCode: warehouses.code,
      binCode: bins.code,
      sku: products.sku,
      productName: products.name,
      lotCode: lots.code,
      expiresOn: lots.expiresOn,
      qcStatus: lots.qcStatus,
      onHand: inventoryPositions.onHand,
      reserved: inventoryPositions.reserved,
      available: sql<number>`${inventoryPositions.onHand} - ${inventoryPositions.reserved}`.mapWith(Number),
    })
    .from(inventoryPositions)
    .innerJoin(warehouses, eq(warehouses.id, inventoryPositions.warehouseId))
    .innerJoin(bins, eq(bins.id, inventoryPositions.binId))
    .innerJoin(products, eq(products.id, inventoryPositions.productId))
    .innerJoin(lots, eq(lots.id, inventoryPositions.lotId))
    .where(
      and(
        eq(inventoryPositions.workspaceId, actor.workspaceId),
        input.sku ? eq(products.sku, input.sku) : undefined,
        input.lotCode ? eq(lots.code, input.lotCode) : undefined,
        input.binCode ? eq(bins.code, input.binCode) : undefined,
        input.search ? or(ilike(products.sku, `%${input.search}%`), ilike(lots.code, `%${input.search}%`), ilike(bins.code, `%${input.search}%`)) : undefined,
      ),
    )
    .orderBy(asc(products.sku), asc(lots.expiresOn), asc(lots.receivedOn), asc(bins.pickSequence));
}
