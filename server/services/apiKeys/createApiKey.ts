import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { accounts, apiKeys } from "../../../db/schema";
import { BadInput } from "../../domain/errors";
import { MAX_NAME } from "../../domain/limits";
import { assertCan, ROLES } from "../../domain/permissions";
import type { Actor } from "../actor";
import { recordAdminChange } from "../admin/adminChange";
import { codeText, requiredText } from "../fields";
import { parseInput } from "../input";
import { displayPrefix, hashApiKey, newApiKeySecret } from "./secret";

export const createApiKeyInput = z
  .object({
    name: requiredText(MAX_NAME),
    role: z.enum(ROLES),
    /** Customer keys only: the B2B account whose orders the key sees. */
    accountCode: codeText.optional(),
    /** When the key stops working; none: until revoked. */
    expiresAt: z.iso.datetime({ offset: true, message: "must be a time like 2026-12-31T23:59:59Z" }).optional(),
  })
  .refine((k) => (k.role === "customer") === Boolean(k.accountCode), {
    message: "a customer key needs an account; other keys have none",
    path: ["accountCode"],
  });
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

/**
 * A new key acting with `role`'s rights in the admin's workspace. The secret is returned this
 * once; only its hash is stored. `admin.api_key.created` records who made it, never the secret.
 */
export async function createApiKey(db: Database, actor: Actor, raw: CreateApiKeyInput) {
  assertCan(actor.role, "admin.manage");
  const input = parseInput(createApiKeyInput, raw);
  if (input.expiresAt && new Date(input.expiresAt) <= new Date()) throw BadInput.field("expiresAt", "must be in the future");
  return db.transaction(async (tx) => {
    let accountId: string | null = null;
    if (input.accountCode) {
      const [account] = await tx.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.workspaceId, actor.workspaceId), eq(accounts.code, input.accountCode)));
      if (!account) throw BadInput.field("accountCode", `unknown account ${input.accountCode}`);
      accountId = account.id;
    }
    const secret = newApiKeySecret();
    const [key] = await tx
      .insert(apiKeys)
      .values({
        workspaceId: actor.workspaceId,
        name: input.name,
        role: input.role,
        accountId,
        tokenHash: hashApiKey(secret),
        prefix: displayPrefix(secret),
        createdBy: actor.userId,
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      })
      .returning({ id: apiKeys.id, name: apiKeys.name, role: apiKeys.role, prefix: apiKeys.prefix, expiresAt: apiKeys.expiresAt });
    await recordAdminChange(tx, actor, "api_key", key!.id, "created", { name: key!.name, role: key!.role, accountCode: input.accountCode ?? null, prefix: key!.prefix, expiresAt: key!.expiresAt });
    return { ...key!, secret };
  });
}
