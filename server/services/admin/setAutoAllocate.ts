import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx } from "../../../db/client";
import { workspaces } from "../../../db/schema";
import { NotFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { loadWorkspace } from "../workspace";
import { recordAdminChange } from "./adminChange";

export const setAutoAllocateInput = z.object({ autoAllocate: z.boolean("must be true or false") });
export type SetAutoAllocateInput = z.input<typeof setAutoAllocateInput>;

/** Whether channel orders are allocated as they arrive: what the admin's switch shows. */
export async function autoAllocateSetting(db: DbOrTx, actor: Actor) {
  assertCan(actor.role, "admin.manage");
  const ws = await loadWorkspace(db, actor);
  return { autoAllocate: ws.autoAllocate };
}

/**
 * Turns allocation of channel orders on arrival on or off. It counts from the next channel order;
 * orders already received wait for an operator as before.
 */
export async function setAutoAllocate(db: Database, actor: Actor, raw: SetAutoAllocateInput) {
  assertCan(actor.role, "admin.manage");
  const input = parseInput(setAutoAllocateInput, raw);
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ autoAllocate: workspaces.autoAllocate }).from(workspaces).where(eq(workspaces.id, actor.workspaceId)).for("update");
    if (!before) throw new NotFound("Workspace", actor.workspaceId);
    if (before.autoAllocate === input.autoAllocate) return { autoAllocate: before.autoAllocate };
    await tx.update(workspaces).set({ autoAllocate: input.autoAllocate }).where(eq(workspaces.id, actor.workspaceId));
    await recordAdminChange(tx, actor, "workspace", actor.workspaceId, "updated", { changes: { autoAllocate: [before.autoAllocate, input.autoAllocate] } });
    return { autoAllocate: input.autoAllocate };
  });
}
