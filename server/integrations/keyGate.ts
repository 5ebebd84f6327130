import { randomUUID } from "node:crypto";
import type { Database } from "../../db/client";
import { readBodyCapped } from "../api/requestGuards";
import { reportUnexpected } from "../api/unexpectedError";
import { DomainError } from "../domain/errors";
import { MAX_TRPC_BODY_BYTES } from "../domain/limits";
import type { Actor } from "../services/actor";
import { authenticateApiKey, type KeyTransport } from "../services/apiKeys/authenticateApiKey";
import { consumeRateLimit, type RateDecision } from "../services/apiKeys/rateLimit";
import { problem, problemFromDomain, ProblemError } from "./rest/problem";

// What every API-key transport (REST, MCP) does before it reads a request: the request id, the
// bearer key, the rate limit and the body cap, and the same problem answers when one refuses.
// One gate, so a key is admitted (or refused, 401/429/413) the same way whichever door it uses.

/** An HTTP answer before it becomes a Response. */
export interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** The caller's own request id if it is a sane token (to correlate logs), else a new one. */
export function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
}

function bearerSecret(request: Request): string {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new DomainError("UNAUTHENTICATED", "Send an API key: Authorization: Bearer ll_…");
  return match[1]!;
}

function rateLimitHeaders(rate: RateDecision): Record<string, string> {
  return { "ratelimit-limit": String(rate.limit), "ratelimit-remaining": String(rate.remaining), "ratelimit-reset": String(rate.resetSeconds) };
}

/**
 * The key's actor, with this request counted against its per-minute limit. Throws
 * UNAUTHENTICATED (401) for a missing, unknown, revoked or expired key and a 429 problem over
 * the limit. `via` names the transport on the actor's label ("API · ERP", "MCP · Support bot").
 */
export async function admitApiKey(db: Database, request: Request, requestId: string, via: KeyTransport): Promise<{ actor: Actor; rateHeaders: Record<string, string> }> {
  const actor = await authenticateApiKey(db, bearerSecret(request), via);
  const rate = await consumeRateLimit(db, actor.apiKeyId!);
  const rateHeaders = rateLimitHeaders(rate);
  if (!rate.allowed) {
    throw new ProblemError(problem("RATE_LIMITED", 429, `This key made more than ${rate.limit} requests this minute. Try again in ${rate.resetSeconds} s.`, requestId), { ...rateHeaders, "retry-after": String(rate.resetSeconds) });
  }
  return { actor, rateHeaders };
}

/** Request bodies above this are refused (413) before they are read in full; the tRPC cap unless configured. */
export function maxBodyBytes(): number {
  const configured = Number(process.env.LOOPLINE_API_MAX_BODY_BYTES);
  return Number.isInteger(configured) && configured > 0 ? configured : MAX_TRPC_BODY_BYTES;
}

/** The body as text, read up to the size limit (the same cap on every transport): a client cannot make us buffer more. */
export async function readBodyText(request: Request, requestId: string): Promise<string> {
  const max = maxBodyBytes();
  const text = await readBodyCapped(request, max);
  if (text instanceof Response) throw new ProblemError(problem("PAYLOAD_TOO_LARGE", 413, `A request body may be at most ${max.toLocaleString("en-US")} bytes.`, requestId));
  return text;
}

const CHALLENGE = { "www-authenticate": 'Bearer realm="loopline"' };

/**
 * A refusal as the problem answer every key transport gives: a problem as it is, a domain error
 * through the one error table, anything else as the generic message with the request id (the
 * real error only in the server log).
 */
export function failureAnswer(error: unknown, requestId: string, where: string): Answer {
  if (error instanceof ProblemError) return { status: error.problem.status, body: error.problem, headers: { ...error.headers, ...(error.problem.status === 401 ? CHALLENGE : {}) } };
  if (error instanceof DomainError) {
    const body = problemFromDomain(error, requestId);
    return { status: body.status, body, headers: body.status === 401 ? CHALLENGE : {} };
  }
  const { message } = reportUnexpected(error, where, requestId);
  return { status: 500, body: problem("INTERNAL", 500, message, requestId), headers: {} };
}
