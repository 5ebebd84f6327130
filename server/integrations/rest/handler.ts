import { createHash } from "node:crypto";
import type { Database } from "../../../db/client";
import { BadInput, DomainError } from "../../domain/errors";
import type { Actor } from "../../services/actor";
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from "../../services/apiKeys/idempotency";
import { parseInput } from "../../services/input";
import { admitApiKey, failureAnswer, readBodyText, requestIdOf, type Answer } from "../keyGate";
import { jsonSchema, openApiDocument } from "./openapi";
import { problem, problemFromDomain, ProblemError } from "./problem";
import { answerOf, type RestRoute } from "./route";
import { REST_ROUTES } from "./routes";

export const API_PREFIX = "/api/v1";

/**
 * The whole REST transport: route, authenticate, rate-limit, read and validate, replay or claim
 * the idempotency key, call the service, shape the answer. Every rule stays in the services; this
 * only maps HTTP onto them. Tests call it with `Request` objects: real HTTP semantics, no server.
 */
export async function handleRestRequest(db: Database, request: Request, routes: RestRoute[] = REST_ROUTES): Promise<Response> {
  const started = performance.now();
  const requestId = requestIdOf(request);
  const url = new URL(request.url);
  const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) || "/" : url.pathname;
  let actor: Actor | null = null;
  let answer: Answer;
  try {
    answer = await answerRequest(db, request, routes, path, url, requestId, (a) => (actor = a));
  } catch (error) {
    answer = failureAnswer(error, requestId, `REST ${request.method} ${path}`);
  }
  const response = new Response(answer.status === 204 ? null : JSON.stringify(answer.body), {
    status: answer.status,
    headers: {
      "content-type": answer.status >= 400 ? "application/problem+json" : "application/json",
      "x-request-id": requestId,
      "cache-control": "no-store",
      ...answer.headers,
    },
  });
  const who = (actor as Actor | null)?.label ?? "anonymous";
  console.log(`[api] ${requestId} ${request.method} ${url.pathname} ${answer.status} ${Math.round(performance.now() - started)}ms ${who}`);
  return response;
}

async function answerRequest(db: Database, request: Request, routes: RestRoute[], path: string, url: URL, requestId: string, identified: (actor: Actor) => void): Promise<Answer> {
  if (request.method === "GET" && path === "/openapi.json") return { status: 200, body: openApiDocument(routes), headers: { "cache-control": "public, max-age=60" } };
  const match = matchRoute(routes, request.method, path);
  if (!match) throw new ProblemError(problem("NOT_FOUND", 404, `There is no ${path} in this API.`, requestId));
  if ("allow" in match) throw new ProblemError(problem("METHOD_NOT_ALLOWED", 405, `${path} does not take ${request.method}; it takes ${match.allow.join(", ")}.`, requestId), { allow: match.allow.join(", ") });
  const { route, params } = match;

  const { actor, rateHeaders } = await admitApiKey(db, request, requestId, "API");
  identified(actor);

  const body = route.body ? withIfMatch(route, request, await readBody(route, request, requestId)) : undefined;
  const input = {
    params: route.params ? parseInput(route.params, params) : {},
    query: route.query ? parseInput(route.query, queryObject(route, url.searchParams)) : {},
    body: route.body ? parseInput(route.body, body, route.rawText ? [route.rawText] : []) : {},
  };

  const idempotencyKey = route.method === "POST" ? idempotencyKeyOf(request) : null;
  if (!idempotencyKey) {
    const answer = await run(db, route, actor, input, requestId);
    return { ...answer, headers: { ...answer.headers, ...rateHeaders } };
  }

  const requestHash = createHash("sha256").update(`${route.method} ${path}\n${JSON.stringify(body)}`).digest("hex");
  const claim = await claimIdempotencyKey(db, actor.apiKeyId!, idempotencyKey, requestHash);
  if (claim.kind === "mismatch") throw new ProblemError(problem("IDEMPOTENCY_KEY_REUSED", 422, "This Idempotency-Key was used with another request in the last 24 hours; use a new key for a new request.", requestId));
  if (claim.kind === "in_progress") throw new ProblemError(problem("IDEMPOTENCY_KEY_IN_USE", 409, "A request with this Idempotency-Key is still running; retry in a moment.", requestId), { "retry-after": "1" });
  if (claim.kind === "replay") return { status: claim.status, body: claim.body, headers: { ...rateHeaders, "idempotent-replayed": "true" } };

  let answer: Answer;
  try {
    answer = await run(db, route, actor, input, requestId);
  } catch (error) {
    if (!(error instanceof DomainError)) {
      // Nothing was committed (each command is one transaction): let a retry run it.
      await releaseIdempotencyKey(db, actor.apiKeyId!, idempotencyKey);
      throw error;
    }
    const refused = problemFromDomain(error, requestId);
    answer = { status: refused.status, body: refused, headers: {} };
  }
  await completeIdempotencyKey(db, actor.apiKeyId!, idempotencyKey, answer.status, answer.body);
  return { ...answer, headers: { ...answer.headers, ...rateHeaders } };
}

async function run(db: Database, route: RestRoute, actor: Actor, input: { params: unknown; query: unknown; body: unknown }, requestId: string): Promise<Answer> {
  const body = answerOf(route.output, await route.call({ db, actor, requestId }, input as never));
  const version = (body as { version?: unknown }).version;
  return { status: route.successStatus ?? 200, body, headers: typeof version === "number" ? { etag: `"${version}"` } : {} };
}

function idempotencyKeyOf(request: Request): string | null {
  const key = request.headers.get("idempotency-key");
  if (key === null) return null;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw BadInput.field("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
  return key;
}

/** `If-Match: "3"` fills `version` for a versioned command; both given must agree. */
function withIfMatch(route: RestRoute, request: Request, body: unknown): unknown {
  const header = request.headers.get("if-match");
  if (!route.versioned || header === null || header.trim() === "*") return body;
  const match = /^(?:W\/)?"?(\d{1,10})"?$/.exec(header.trim());
  if (!match) throw BadInput.field("If-Match", 'must be the version you last saw, as "3"');
  const version = Number(match[1]);
  if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
  const given = (body as { version?: unknown }).version;
  if (given !== undefined && given !== version) throw BadInput.field("If-Match", `says version ${version}, the body says ${String(given)}`);
  return { ...body, version };
}

/** The body as JSON (or a route's plain-text field), read up to the size limit the key gate sets for every transport. */
async function readBody(route: RestRoute, request: Request, requestId: string): Promise<unknown> {
  const text = await readBodyText(request, requestId);
  if (route.rawText && !/json/i.test(request.headers.get("content-type") ?? "")) return { [route.rawText]: text };
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw BadInput.field("body", "must be JSON");
  }
}

const queryTypes = new WeakMap<RestRoute, Record<string, string>>();

/** Query values are strings; a number or boolean field of the route's schema gets one. */
function queryObject(route: RestRoute, search: URLSearchParams): Record<string, unknown> {
  let types = queryTypes.get(route);
  if (!types) {
    const schema = jsonSchema(route.query!, "input") as { properties?: Record<string, { type?: string }> };
    types = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, p]) => [name, p.type ?? "string"]));
    queryTypes.set(route, types);
  }
  const query: Record<string, unknown> = {};
  for (const [name, value] of search) {
    if (name in query) continue;
    const type = types[name];
    query[name] = (type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : type === "boolean" && (value === "true" || value === "false") ? value === "true" : value;
  }
  return query;
}

type Match = { route: RestRoute; params: Record<string, string> } | { allow: string[] };

/** The route whose template fits the path; literal segments win over `{params}`. */
export function matchRoute(routes: RestRoute[], method: string, path: string): Match | null {
  const segments = path.split("/").filter(Boolean);
  const fits: { route: RestRoute; params: Record<string, string>; literals: number }[] = [];
  for (const route of routes) {
    const template = route.path.split("/").filter(Boolean);
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const ok = template.every((part, i) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!name) return part === segments[i] && ++literals > 0;
      try {
        params[name] = decodeURIComponent(segments[i]!);
        return true;
      } catch {
        return false;
      }
    });
    if (ok) fits.push({ route, params, literals });
  }
  if (fits.length === 0) return null;
  const best = Math.max(...fits.map((f) => f.literals));
  const candidates = fits.filter((f) => f.literals === best);
  const found = candidates.find((f) => f.route.method === method);
  return found ? { route: found.route, params: found.params } : { allow: [...new Set(candidates.map((f) => f.route.method))] };
}
