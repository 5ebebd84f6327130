import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { apiKeys } from "../../../db/schema";
import { NotFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { recordAdminChange } from "../admin/adminChange";
import { parseInput } from "../input";

export const revokeApiKeyInput = z.object({ apiKeyId: z.uuid("must be an API key id") });

/** The key stops working at once (the next request is refused). Revoking twice is harmless. */
export async function revokeApiKey(db: Database, actor: Actor, raw: z.input<typeof revokeApiKeyInput>) {
  assertCan(actor.role, "admin.manage");
  const input = parseInput(revokeApiKeyInput, raw);
  return db.transaction(async (tx) => {
    const scope = and(eq(apiKeys.id, input.apiKeyId), eq(apiKeys.workspaceId, actor.workspaceId));
    const [revoked] = await tx.update(apiKeys).set({ revokedAt: new Date() }).where(and(scope, isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt });
    if (revoked) {
      await recordAdminChange(tx, actor, "api_key", revoked.id, "revoked", { name: revoked.name, prefix: revoked.prefix });
      return revoked;
    }
    const [already] = await tx.select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt }).from(apiKeys).where(scope);
    if (!already) throw new NotFound("API key", input.apiKeyId);
    return already;
  });
}
