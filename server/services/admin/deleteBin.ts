import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { bins, inventoryPositions } from "../../../db/schema";
import { NotFound, WrongState } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { recordAdminChange } from "./adminChange";

export const deleteBinInput = z.object({ binId: z.uuid("must be a bin id") });

/**
 * Deletes an empty bin. A bin holding stock is refused, with what it holds. A bin that held
 * stock before is retired instead of removed, because its ledger rows still point at it.
 */
export async function deleteBin(db: Database, actor: Actor, raw: z.input<typeof deleteBinInput>) {
  assertCan(actor.role, "admin.manage");
  const input = parseInput(deleteBinInput, raw);
  return db.transaction(async (tx) => {
    const [bin] = await tx.select().from(bins).where(and(eq(bins.id, input.binId), eq(bins.workspaceId, actor.workspaceId))).for("update");
    if (!bin || bin.retiredAt) throw new NotFound("Bin", input.binId);
    // Locks the bin's positions too, so stock cannot be received or moved in while it goes.
    const positions = await tx.select({ onHand: inventoryPositions.onHand }).from(inventoryPositions).where(eq(inventoryPositions.binId, bin.id)).for("update");
    const units = positions.reduce((n, p) => n + p.onHand, 0);
    if (units > 0) throw new WrongState(`Bin ${bin.code}`, `holding ${units} units`, "be deleted", ["empty"]);

    if (positions.length > 0) await tx.update(bins).set({ retiredAt: sql`now()` }).where(eq(bins.id, bin.id));
    else await tx.delete(bins).where(eq(bins.id, bin.id));
    await recordAdminChange(tx, actor, "bin", bin.id, "deleted", { code: bin.code, retired: positions.length > 0 });
    return { code: bin.code, retired: positions.length > 0 };
  });
}
