import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { bins, warehouses } from "../../../db/schema";
import { BadInput, NotFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { changedFields, recordAdminChange } from "./adminChange";
import { codeText, requiredText, text, wholeNumber } from "../fields";

export const saveBinInput = z.object({
  binId: z.uuid("must be a bin id").optional(),
  warehouseCode: codeText,
  code: text(24).toUpperCase().regex(/^[A-Z0-9-]{2,24}$/, "must be 2 to 24 letters, digits or -"),
  zone: requiredText(10).toUpperCase(),
  pickSequence: wholeNumber(0, 1_000_000),
});
export type SaveBinInput = z.input<typeof saveBinInput>;

/**
 * Creates a bin in a warehouse (a deleted bin's code brings that bin back), or changes one's
 * code, zone or pick sequence. The walking order of the next pick list follows at once.
 */
export async function saveBin(db: Database, actor: Actor, raw: SaveBinInput) {
  assertCan(actor.role, "admin.manage");
  const input = parseInput(saveBinInput, raw);
  return db.transaction(async (tx) => {
    const [warehouse] = await tx.select().from(warehouses).where(and(eq(warehouses.workspaceId, actor.workspaceId), eq(warehouses.code, input.warehouseCode)));
    if (!warehouse) throw BadInput.field("warehouseCode", `no warehouse ${input.warehouseCode}`);
    const fields = { code: input.code, zone: input.zone, pickSequence: input.pickSequence };
    const [sameCode] = await tx.select().from(bins).where(and(eq(bins.warehouseId, warehouse.id), eq(bins.code, input.code))).for("update");

    if (!input.binId) {
      if (sameCode && !sameCode.retiredAt) throw BadInput.field("code", `${warehouse.code} already has a bin ${input.code}`);
      if (sameCode) {
        const [restored] = await tx.update(bins).set({ ...fields, retiredAt: null }).where(eq(bins.id, sameCode.id)).returning();
        await recordAdminChange(tx, actor, "bin", sameCode.id, "restored", { warehouse: warehouse.code, ...fields });
        return restored!;
      }
      const [created] = await tx.insert(bins).values({ workspaceId: actor.workspaceId, warehouseId: warehouse.id, ...fields }).returning();
      await recordAdminChange(tx, actor, "bin", created!.id, "created", { warehouse: warehouse.code, ...fields });
      return created!;
    }

    if (sameCode && sameCode.id !== input.binId) throw BadInput.field("code", `${warehouse.code} already has a bin ${input.code}`);
    const [before] = await tx.select().from(bins).where(and(eq(bins.id, input.binId), eq(bins.warehouseId, warehouse.id))).for("update");
    if (!before || before.retiredAt) throw new NotFound("Bin", input.binId);
    const [updated] = await tx.update(bins).set(fields).where(eq(bins.id, before.id)).returning();
    await recordAdminChange(tx, actor, "bin", before.id, "updated", { warehouse: warehouse.code, changes: changedFields(before, fields) });
    return updated!;
  });
}
