import { and, eq } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { lots, products } from "../../../db/schema";
import { BadInput } from "../../domain/errors";
import type { Actor } from "../actor";
import { codeText, requiredText } from "../fields";

/** What a decision about a lot (QC, expiry) names it by, as the case label does, and why it is taken. */
export const lotReference = {
  sku: codeText,
  lotCode: codeText,
  reason: requiredText(500),
};

/** A lot of the workspace by SKU and lot code, locked for a decision about it (QC, expiry). */
export async function lockLot(tx: Tx, actor: Actor, sku: string, lotCode: string) {
  const [found] = await tx
    .select({ lot: lots })
    .from(lots)
    .innerJoin(products, eq(products.id, lots.productId))
    .where(and(eq(lots.workspaceId, actor.workspaceId), eq(products.sku, sku), eq(lots.code, lotCode)))
    .for("update", { of: lots });
  if (!found) throw BadInput.field("lotCode", `no lot ${lotCode} of ${sku}`);
  return found.lot;
}
