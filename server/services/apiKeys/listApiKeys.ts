import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { accounts, apiKeys, users } from "../../../db/schema";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";

/** The workspace's keys, newest first: never the hash (it would let anyone test guesses offline). */
export async function listApiKeys(db: DbOrTx, actor: Actor) {
  assertCan(actor.role, "admin.manage");
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      role: apiKeys.role,
      accountCode: accounts.code,
      prefix: apiKeys.prefix,
      createdBy: users.name,
      createdAt: apiKeys.createdAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .leftJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.workspaceId, actor.workspaceId))
    .orderBy(desc(apiKeys.createdAt));
}
