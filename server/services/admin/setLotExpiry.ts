import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { lots } from "../../../db/schema";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { lockLot, lotReference } from "../inventory/lockLot";
import { parseInput } from "../input";
import { recordAdminChange } from "./adminChange";
import { isoDate } from "../fields";

export const setLotExpiryInput = z.object({
  ...lotReference,
  expiresOn: isoDate,
});
export type SetLotExpiryInput = z.input<typeof setLotExpiryInput>;

/**
 * Corrects a lot's expiry date (a supplier's certificate, a relabel). Like a QC decision it
 * counts at once: the next allocation orders lots by it and the next pick list re-checks shelf life.
 */
export async function setLotExpiry(db: Database, actor: Actor, raw: SetLotExpiryInput) {
  assertCan(actor.role, "lot.qc");
  const input = parseInput(setLotExpiryInput, raw);
  return db.transaction(async (tx) => {
    const lot = await lockLot(tx, actor, input.sku, input.lotCode);
    if (lot.expiresOn === input.expiresOn) return lot;
    const [updated] = await tx.update(lots).set({ expiresOn: input.expiresOn }).where(eq(lots.id, lot.id)).returning();
    await recordAdminChange(tx, actor, "lot", lot.id, "expiry_corrected", { sku: input.sku, lot: input.lotCode, changes: { expiresOn: [lot.expiresOn, input.expiresOn] }, reason: input.reason });
    return updated!;
  });
}
