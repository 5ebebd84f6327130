import { and, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { fulfillmentLines, packages, products } from "../../../db/schema";
import { WrongState } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { assertFulfillmentIn, fulfillmentRef, lockFulfillment, transitionFulfillment } from "./lock";
import { dimensionMm, weightGrams } from "../fields";

export const packFulfillmentInput = fulfillmentRef.extend({
  packages: z
    .array(z.object({ weightGrams, lengthMm: dimensionMm, widthMm: dimensionMm, heightMm: dimensionMm }))
    .min(1, "record at least one package")
    .max(100),
});
export type PackFulfillmentInput = z.input<typeof packFulfillmentInput>;

/** PICKING → PACKED once everything is picked: records the packages with weight and dimensions. */
export async function packFulfillment(db: Database, actor: Actor, raw: PackFulfillmentInput) {
  assertCan(actor.role, "fulfillment.pack");
  const input = parseInput(packFulfillmentInput, raw);
  return db.transaction(async (tx) => {
    const { fulfillment } = await lockFulfillment(tx, actor, input.fulfillmentId, input.version);
    assertFulfillmentIn(fulfillment, ["PICKING"], "pack");
    const unpicked = await tx
      .select({ sku: products.sku, quantity: fulfillmentLines.quantity, pickedQty: fulfillmentLines.pickedQty })
      .from(fulfillmentLines)
      .innerJoin(products, eq(products.id, fulfillmentLines.productId))
      .where(and(eq(fulfillmentLines.fulfillmentId, fulfillment.id), lt(fulfillmentLines.pickedQty, fulfillmentLines.quantity)));
    if (unpicked.length > 0) {
      const what = unpicked.map((l) => `${l.sku} ${l.pickedQty} of ${l.quantity}`).join(", ");
      throw new WrongState(`Fulfillment ${fulfillment.number}`, `still picking (${what})`, "pack", ["fully picked"]);
    }
    const [{ picked } = { picked: 0 }] = await tx
      .select({ picked: sql<number>`coalesce(sum(${fulfillmentLines.pickedQty}), 0)`.mapWith(Number) })
      .from(fulfillmentLines)
      .where(eq(fulfillmentLines.fulfillmentId, fulfillment.id));
    if (picked === 0) throw new WrongState(`Fulfillment ${fulfillment.number}`, "empty (nothing was picked)", "pack", ["cancelled instead"]);
    await tx.insert(packages).values(input.packages.map((p) => ({ ...p, workspaceId: actor.workspaceId, fulfillmentId: fulfillment.id })));
    return transitionFulfillment(tx, actor, fulfillment, "PACKED", {
      payload: { packages: input.packages.length, weightGrams: input.packages.reduce((n, p) => n + p.weightGrams, 0) },
    });
  });
}
