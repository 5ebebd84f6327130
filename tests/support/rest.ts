import Ajv2020 from "ajv/dist/2020.js";
import { expect } from "vitest";
import type { Database } from "../../db/client";
import { handleRestRequest, matchRoute } from "../../server/integrations/rest/handler";
import { openApiDocument } from "../../server/integrations/rest/openapi";
import { REST_ROUTES } from "../../server/integrations/rest/routes";
import type { Actor } from "../../server/services/actor";
import { createApiKey, type CreateApiKeyInput } from "../../server/services/apiKeys/createApiKey";

export const BASE = "http://loopline.test/api/v1";

/** A key made through the real service; its secret is what a client would send. */
export async function apiKey(db: Database, admin: Actor, input: Partial<CreateApiKeyInput> = {}) {
  return (await createApiKey(db, admin, { name: "Test key", role: "operator", ...input })).secret;
}

export interface RestAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { code?: string; detail?: string };
}

const document = openApiDocument(REST_ROUTES);
// The documented schemas, checked with a JSON Schema 2020-12 validator (not our own zod): what a
// client generated from openapi.json would expect. Formats are left to zod on the server.
const ajv = new Ajv2020({ strict: false, validateFormats: false });
ajv.addSchema({ $id: "loopline", components: document.components }, "loopline");
const problemValidator = ajv.compile({ $ref: "loopline#/components/schemas/Problem" });
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

/** Every (method, path template) a test in this file called. */
export const exercised = new Set<string>();

/**
 * Calls the REST handler with a real Request, and checks the answer against openapi.json: the
 * documented schema of its status (success or problem), and X-Request-Id.
 */
export async function rest(db: Database, method: string, path: string, options: { key?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<RestAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers["content-type"] ??= "application/json";
  const response = await handleRestRequest(db, new Request(`${BASE}${path}`, { method, headers, body }));
  const text = await response.text();
  const answer: RestAnswer = { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
  expect(response.headers.get("x-request-id"), `${method} ${path}: X-Request-Id`).toBeTruthy();
  expect(answer.status, `${method} ${path}: never a 5xx (${text.slice(0, 300)})`).toBeLessThan(500);

  const match = matchRoute(REST_ROUTES, method, new URL(`${BASE}${path}`).pathname.slice("/api/v1".length));
  if (match && "route" in match) {
    exercised.add(`${match.route.method} ${match.route.path}`);
    const operation = (document.paths[match.route.path] as Record<string, { responses: Record<string, unknown> }>)[method.toLowerCase()]!;
    expect(Object.keys(operation.responses), `${method} ${path}: status ${answer.status} is documented`).toContain(String(answer.status));
    const validate = answer.status >= 400 ? problemValidator : validatorFor(match.route.path, method, String(answer.status));
    if (!validate(answer.body)) throw new Error(`${method} ${path} ${answer.status}: response does not match openapi.json: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`);
    if (answer.status >= 400) expect(response.headers.get("content-type")).toBe("application/problem+json");
  }
  return answer;
}

function validatorFor(path: string, method: string, status: string) {
  const id = `${method} ${path} ${status}`;
  let validate = validators.get(id);
  if (!validate) {
    const operation = (document.paths[path] as Record<string, { responses: Record<string, { content: Record<string, { schema: object }> }> }>)[method.toLowerCase()]!;
    validate = ajv.compile(operation.responses[status]!.content["application/json"]!.schema);
    validators.set(id, validate);
  }
  return validate;
}

/** A route's path with its template filled in: `/orders/{orderId}/allocate` → `/orders/<id>/allocate`. */
export function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? "x"));
}
