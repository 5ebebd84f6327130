import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { apiIdempotencyKeys } from "../../../db/schema";

/** How long a key is remembered: a client may retry for a day and still never do a thing twice. */
export const IDEMPOTENCY_TTL_HOURS = 24;

export type IdempotencyClaim =
  | { kind: "claimed" }
  | { kind: "replay"; status: number; body: unknown }
  | { kind: "mismatch" }
  | { kind: "in_progress" };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Claims `key` for this request before anything runs: the insert is the lock, so of two
 * concurrent duplicates exactly one runs. The other waits (up to `waitMs`) for the first one's
 * response and replays it. A key older than the TTL is claimed afresh.
 */
export async function claimIdempotencyKey(db: Database, apiKeyId: string, key: string, requestHash: string, waitMs = 15_000): Promise<IdempotencyClaim> {
  const deadline = Date.now() + waitMs;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    const claimed = await db
      .insert(apiIdempotencyKeys)
      .values({ apiKeyId, key, requestHash })
      .onConflictDoUpdate({
        target: [apiIdempotencyKeys.apiKeyId, apiIdempotencyKeys.key],
        set: { requestHash, status: null, responseBody: null, createdAt: sql`now()` },
        setWhere: sql`${apiIdempotencyKeys.createdAt} < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`,
      })
      .returning({ key: apiIdempotencyKeys.key });
    if (claimed.length) return { kind: "claimed" };

    const [first] = await db.select().from(apiIdempotencyKeys).where(and(eq(apiIdempotencyKeys.apiKeyId, apiKeyId), eq(apiIdempotencyKeys.key, key)));
    if (!first) continue; // released by a failed first attempt in between: claim it now
    if (first.requestHash !== requestHash) return { kind: "mismatch" };
    if (first.status !== null) return { kind: "replay", status: first.status, body: first.responseBody };
    if (Date.now() >= deadline) return { kind: "in_progress" };
    await sleep(delay);
  }
}

/** Stores the response the key will replay. */
export async function completeIdempotencyKey(db: Database, apiKeyId: string, key: string, status: number, body: unknown): Promise<void> {
  await db.update(apiIdempotencyKeys).set({ status, responseBody: body }).where(and(eq(apiIdempotencyKeys.apiKeyId, apiKeyId), eq(apiIdempotencyKeys.key, key)));
}

/** Forgets a claim whose request failed unexpectedly (nothing was committed), so a retry may run. */
export async function releaseIdempotencyKey(db: Database, apiKeyId: string, key: string): Promise<void> {
  await db.delete(apiIdempotencyKeys).where(and(eq(apiIdempotencyKeys.apiKeyId, apiKeyId), eq(apiIdempotencyKeys.key, key), sql`${apiIdempotencyKeys.status} is null`));
}
