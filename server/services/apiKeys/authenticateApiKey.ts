import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { apiKeys } from "../../../db/schema";
import { Unauthenticated } from "../../domain/errors";
import type { Actor } from "../actor";
import { recordEvents } from "../events";
import { API_KEY_PREFIX, hashApiKey } from "./secret";

/** Longer than any secret we issue: anything longer is not ours, and is not hashed. */
const MAX_SECRET_LENGTH = 100;

type KeyRow = typeof apiKeys.$inferSelect;

/** The door a key came in by, named on the timeline: "API · ERP sync" (REST), "MCP · Support bot". */
export type KeyTransport = "API" | "MCP";

function actorForKey(key: KeyRow, via: KeyTransport): Actor {
  return { userId: null, workspaceId: key.workspaceId, role: key.role, accountId: key.accountId, label: `${via} · ${key.name}`, apiKeyId: key.id };
}

/**
 * The actor a bearer secret stands for: exactly the key's role and account. Unknown, revoked and
 * expired keys are refused (401). Use of a revoked key goes on the audit trail
 * (`admin.api_key.used_after_revoke`) at most once a minute per key, so a stuck client cannot
 * flood it; "last used" is written at most once a minute for the same reason.
 */
export async function authenticateApiKey(db: Database, secret: string, via: KeyTransport = "API"): Promise<Actor> {
  if (!secret.startsWith(API_KEY_PREFIX) || secret.length > MAX_SECRET_LENGTH) throw new Unauthenticated("Unknown API key.");
  const [key] = await db.select().from(apiKeys).where(eq(apiKeys.tokenHash, hashApiKey(secret)));
  if (!key) throw new Unauthenticated("Unknown API key.");
  const actor = actorForKey(key, via);
  const aMinuteAgo = sql`now() - interval '1 minute'`;

  if (key.revokedAt) {
    await db.transaction(async (tx) => {
      const [first] = await tx
        .update(apiKeys)
        .set({ revokedUseRecordedAt: sql`now()` })
        .where(and(eq(apiKeys.id, key.id), or(isNull(apiKeys.revokedUseRecordedAt), lt(apiKeys.revokedUseRecordedAt, aMinuteAgo))))
        .returning({ id: apiKeys.id });
      if (first) await recordEvents(tx, actor, [{ type: "admin.api_key.used_after_revoke", subjectType: "api_key", subjectId: key.id, payload: { name: key.name, prefix: key.prefix } }]);
    });
    throw new Unauthenticated("This API key was revoked.");
  }
  if (key.expiresAt && key.expiresAt <= new Date()) throw new Unauthenticated("This API key has expired.");

  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.id, key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, aMinuteAgo))));
  return actor;
}
