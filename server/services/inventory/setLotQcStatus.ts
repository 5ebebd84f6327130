import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { lots, products } from "../../../db/schema";
import { BadInput } from "../../domain/errors";
import { QC_STATUSES } from "../../domain/lots";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { recordEvents } from "../events";
import { parseInput } from "../input";

export const setLotQcStatusInput = z.object({
  sku: z.string().trim().min(1, "is required"),
  lotCode: z.string().trim().min(1, "is required"),
  qcStatus: z.enum(QC_STATUSES),
  reason: z.string().trim().min(1, "is required").max(500),
});
export type SetLotQcStatusInput = z.input<typeof setLotQcStatusInput>;

/**
 * A QC decision on a lot (release, hold, quarantine, recall). It takes effect at once: the next
 * allocation skips the lot, and the next pick list moves reservations off it.
 */
export async function setLotQcStatus(db: Database, actor: Actor, raw: SetLotQcStatusInput) {
  assertCan(actor.role, "lot.qc");
  const input = parseInput(setLotQcStatusInput, raw);
  return db.transaction(async (tx) => {
    const [lot] = await tx
      .select({ lot: lots })
      .from(lots)
      .innerJoin(products, eq(products.id, lots.productId))
      .where(and(eq(lots.workspaceId, actor.workspaceId), eq(products.sku, input.sku), eq(lots.code, input.lotCode)))
      .for("update", { of: lots });
    if (!lot) throw BadInput.field("lotCode", `no lot ${input.lotCode} of ${input.sku}`);
    if (lot.lot.qcStatus === input.qcStatus) return lot.lot;
    const [updated] = await tx.update(lots).set({ qcStatus: input.qcStatus }).where(eq(lots.id, lot.lot.id)).returning();
    await recordEvents(tx, actor, [
      {
        type: "scm.lot.qc_changed",
        subjectType: "lot",
        subjectId: lot.lot.id,
        fromState: lot.lot.qcStatus,
        toState: input.qcStatus,
        payload: { sku: input.sku, lot: input.lotCode, reason: input.reason },
      },
    ]);
    return updated!;
  });
}
