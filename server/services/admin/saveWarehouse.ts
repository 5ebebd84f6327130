import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { warehouses } from "../../../db/schema";
import { BadInput, NotFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { changedFields, recordAdminChange } from "./adminChange";
import { requiredText, text } from "../fields";

export const saveWarehouseInput = z.object({
  warehouseId: z.uuid("must be a warehouse id").optional(),
  code: text(20).regex(/^[A-Za-z0-9-]{2,20}$/, "must be 2 to 20 letters, digits or -"),
  name: requiredText(100),
});
export type SaveWarehouseInput = z.input<typeof saveWarehouseInput>;

/** Creates a warehouse, or renames one (code and name). */
export async function saveWarehouse(db: Database, actor: Actor, raw: SaveWarehouseInput) {
  assertCan(actor.role, "admin.manage");
  const input = parseInput(saveWarehouseInput, raw);
  return db.transaction(async (tx) => {
    const [clash] = await tx.select({ id: warehouses.id }).from(warehouses).where(and(eq(warehouses.workspaceId, actor.workspaceId), eq(warehouses.code, input.code)));
    if (clash && clash.id !== input.warehouseId) throw BadInput.field("code", `a warehouse ${input.code} already exists`);
    const fields = { code: input.code, name: input.name };
    if (!input.warehouseId) {
      const [created] = await tx.insert(warehouses).values({ workspaceId: actor.workspaceId, ...fields }).returning();
      await recordAdminChange(tx, actor, "warehouse", created!.id, "created", fields);
      return created!;
    }
    const [before] = await tx.select().from(warehouses).where(and(eq(warehouses.id, input.warehouseId), eq(warehouses.workspaceId, actor.workspaceId))).for("update");
    if (!before) throw new NotFound("Warehouse", input.warehouseId);
    const [updated] = await tx.update(warehouses).set(fields).where(eq(warehouses.id, before.id)).returning();
    await recordAdminChange(tx, actor, "warehouse", before.id, "updated", { changes: changedFields(before, fields) });
    return updated!;
  });
}
