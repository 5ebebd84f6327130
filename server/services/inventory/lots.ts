import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../../db/client";
import { inventoryPositions, lots, products } from "../../../db/schema";
import { QC_STATUSES } from "../../domain/lots";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { codeText, wholeNumber } from "../fields";

export const listLotsInput = z.object({
  sku: codeText.optional(),
  qcStatus: z.enum(QC_STATUSES).optional(),
  limit: wholeNumber(1, 1000).default(200),
});

/** The workspace's lots with their QC status and the stock each holds, soonest expiry first per SKU. */
export async function listLots(db: DbOrTx, actor: Actor, raw: z.input<typeof listLotsInput> = {}) {
  assertCan(actor.role, "inventory.read");
  const input = parseInput(listLotsInput, raw);
  return db
    .select({
      id: lots.id,
      sku: products.sku,
      code: lots.code,
      expiresOn: lots.expiresOn,
      receivedOn: lots.receivedOn,
      qcStatus: lots.qcStatus,
      onHand: sql<number>`coalesce(sum(${inventoryPositions.onHand}), 0)`.mapWith(Number),
      reserved: sql<number>`coalesce(sum(${inventoryPositions.reserved}), 0)`.mapWith(Number),
    })
    .from(lots)
    .innerJoin(products, eq(products.id, lots.productId))
    .leftJoin(inventoryPositions, eq(inventoryPositions.lotId, lots.id))
    .where(and(eq(lots.workspaceId, actor.workspaceId), input.sku ? eq(products.sku, input.sku) : undefined, input.qcStatus ? eq(lots.qcStatus, input.qcStatus) : undefined))
    .groupBy(lots.id, products.id)
    .orderBy(asc(products.sku), asc(lots.expiresOn), asc(lots.receivedOn), asc(lots.code))
    .limit(input.limit);
}
