// Outbound webhook rules: when a failed delivery is tried again, when it is given up, when an
// endpoint that never answers is switched off, and which URLs may be subscribed at all.

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Waits before each retry (Svix's schedule): the first attempt is immediate, then these. */
export const RETRY_DELAYS_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR] as const;

/** Attempts in all before a delivery is marked failed. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** Up to this share of a delay is added at random, so endpoints that failed together do not retry together. */
export const RETRY_JITTER = 0.1;

/** An endpoint whose every delivery failed for this long is disabled. */
export const DEAD_ENDPOINT_AFTER_MS = 5 * 24 * HOUR;

/** A 2xx within this time is success; anything else (3xx included: redirects are not followed) is a failure. */
export const DELIVERY_TIMEOUT_MS = 15 * SECOND;

/** How long a worker holds a delivery it took: longer than one attempt can last. */
export const DELIVERY_LEASE_MS = DELIVERY_TIMEOUT_MS + 45 * SECOND;

/** How much of an answer the delivery log keeps (and the worker reads at all). */
export const MAX_RESPONSE_LOGGED = 2_048;

/** How long a rotated-out secret still signs, beside the new one. */
export const SECRET_OVERLAP_MS = 24 * HOUR;

/**
 * When the next attempt is due after `attemptsMade` attempts failed, or null when that was the
 * last one. `random` in [0, 1) spreads retries (tests pass a fixed one).
 */
export function nextAttemptAt(attemptsMade: number, failedAt: Date, random: number): Date | null {
  const delay = RETRY_DELAYS_MS[attemptsMade - 1];
  if (delay === undefined) return null;
  return new Date(failedAt.getTime() + delay + Math.floor(delay * RETRY_JITTER * random));
}

/** True when an endpoint failing since `failingSince` has failed long enough to be disabled. */
export function endpointIsDead(failingSince: Date | null, now: Date): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= DEAD_ENDPOINT_AFTER_MS;
}

/** 2xx only. */
export function isDelivered(statusCode: number | null): boolean {
  return statusCode !== null && statusCode >= 200 && statusCode < 300;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Why `url` may not be subscribed, or null when it may. HTTPS always; plain HTTP only to this
 * machine, and only where private addresses are allowed (development, or an explicit setting).
 * Where a name resolves to is checked again at every delivery (server/integrations/webhooks).
 */
export function endpointUrlProblem(url: string, privateAllowed: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be a URL such as https://example.com/webhooks";
  }
  if (parsed.username || parsed.password) return "must not carry a user name or password";
  if (parsed.protocol === "https:") return null;
  if (parsed.protocol === "http:" && privateAllowed && LOCAL_HOSTS.has(parsed.hostname)) return null;
  return privateAllowed ? "must use https (http only to localhost)" : "must use https";
}
