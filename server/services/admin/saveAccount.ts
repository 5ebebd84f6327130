import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { accounts } from "../../../db/schema";
import { PAYMENT_TERMS } from "../../domain/commercial";
import { BadInput, NotFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { changedFields, recordAdminChange } from "./adminChange";
import { requiredText, text, wholeNumber } from "../fields";
import { MAX_NAME } from "../../domain/limits";

export const saveAccountInput = z.object({
  accountId: z.uuid("must be an account id").optional(),
  code: text(20).toUpperCase().regex(/^[A-Z0-9-]{2,20}$/, "must be 2 to 20 letters, digits or -"),
  name: requiredText(MAX_NAME),
  paymentTerms: z.enum(PAYMENT_TERMS),
  deliveryLeadDays: wholeNumber(0, 365),
  mayPlaceOrders: z.boolean(),
  mayCancelOrders: z.boolean(),
});
export type SaveAccountInput = z.input<typeof saveAccountInput>;

/** Creates or changes a B2B account: terms, delivery lead time, and what its portal users may do. */
export async function saveAccount(db: Database, actor: Actor, raw: SaveAccountInput) {
  assertCan(actor.role, "admin.manage");
  const { accountId, ...fields } = parseInput(saveAccountInput, raw);
  return db.transaction(async (tx) => {
    const [clash] = await tx.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.workspaceId, actor.workspaceId), eq(accounts.code, fields.code)));
    if (clash && clash.id !== accountId) throw BadInput.field("code", `an account ${fields.code} already exists`);
    if (!accountId) {
      const [created] = await tx.insert(accounts).values({ workspaceId: actor.workspaceId, ...fields }).returning();
      await recordAdminChange(tx, actor, "account", created!.id, "created", fields);
      return created!;
    }
    const [before] = await tx.select().from(accounts).where(and(eq(accounts.id, accountId), eq(accounts.workspaceId, actor.workspaceId))).for("update");
    if (!before) throw new NotFound("Account", accountId);
    const [updated] = await tx.update(accounts).set(fields).where(eq(accounts.id, before.id)).returning();
    await recordAdminChange(tx, actor, "account", before.id, "updated", { code: fields.code, changes: changedFields(before, fields) });
    return updated!;
  });
}
