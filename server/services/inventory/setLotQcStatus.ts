import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { lots } from "../../../db/schema";
import { QC_STATUSES } from "../../domain/lots";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { recordEvents } from "../events";
import { parseInput } from "../input";
import { lockLot, lotReference } from "./lockLot";

export const setLotQcStatusInput = z.object({
  ...lotReference,
  qcStatus: z.enum(QC_STATUSES),
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
    const lot = await lockLot(tx, actor, input.sku, input.lotCode);
    if (lot.qcStatus === input.qcStatus) return lot;
    const [updated] = await tx.update(lots).set({ qcStatus: input.qcStatus }).where(eq(lots.id, lot.id)).returning();
    await recordEvents(tx, actor, [
      {
        type: "scm.lot.qc_changed",
        subjectType: "lot",
        subjectId: lot.id,
        fromState: lot.qcStatus,
        toState: input.qcStatus,
        payload: { sku: input.sku, lot: input.lotCode, reason: input.reason },
      },
    ]);
    return updated!;
  });
}
