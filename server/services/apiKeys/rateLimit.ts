import { and, eq, lt, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { apiRateWindows } from "../../../db/schema";

/** Requests per key per minute; `LOOPLINE_API_RATE_LIMIT` overrides it for a deployment. */
export function apiRateLimit(): number {
  const configured = Number(process.env.LOOPLINE_API_RATE_LIMIT);
  return Number.isInteger(configured) && configured > 0 ? configured : 600;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends. */
  resetSeconds: number;
}

/**
 * Counts this request in the key's current one-minute window (a fixed window: one upsert, the
 * same answer on every instance) and says whether it is within the limit.
 */
export async function consumeRateLimit(db: Database, apiKeyId: string, limit = apiRateLimit()): Promise<RateDecision> {
  const window = sql`date_trunc('minute', now())`;
  const [row] = await db
    .insert(apiRateWindows)
    .values({ apiKeyId, windowStart: window, requests: 1 })
    .onConflictDoUpdate({ target: [apiRateWindows.apiKeyId, apiRateWindows.windowStart], set: { requests: sql`${apiRateWindows.requests} + 1` } })
    .returning({ requests: apiRateWindows.requests, resetSeconds: sql<number>`ceil(extract(epoch from (${window} + interval '1 minute' - now())))::int` });
  // The first request of a window clears the key's old windows: the table stays one row per key.
  if (row!.requests === 1) await db.delete(apiRateWindows).where(and(eq(apiRateWindows.apiKeyId, apiKeyId), lt(apiRateWindows.windowStart, window)));
  return { allowed: row!.requests <= limit, limit, remaining: Math.max(0, limit - row!.requests), resetSeconds: Math.max(1, row!.resetSeconds) };
}
