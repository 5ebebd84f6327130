import { z } from "zod";
import { problemType } from "./problem";
import type { RestRoute } from "./route";

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), by zod's own converter. */
export function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  // Refinements (date ranges, "a customer key needs an account") cannot be written in JSON
  // Schema; they are checked on the server and answered as BAD_INPUT with the field.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

const problemSchema: JsonSchema = {
  type: "object",
  description: "RFC 9457 problem details. `code` is the domain code; the domain's details (shortages, states, versions) are further members.",
  required: ["type", "title", "status", "detail", "code", "requestId"],
  properties: {
    type: { type: "string", format: "uri", maxLength: 200 },
    title: { type: "string", maxLength: 200 },
    status: { type: "integer", minimum: 400, maximum: 599 },
    detail: { type: "string", maxLength: 100_000 },
    code: { type: "string", maxLength: 64, examples: ["BAD_INPUT", "INSUFFICIENT_STOCK", "VERSION_CONFLICT", "INVALID_TRANSITION"] },
    requestId: { type: "string", maxLength: 64 },
    errors: {
      type: "array",
      maxItems: 10_000,
      items: { type: "object", required: ["field", "message"], properties: { field: { type: "string", maxLength: 1_000 }, message: { type: "string", maxLength: 1_000 } } },
    },
  },
  additionalProperties: true,
};

const PROBLEM_STATUSES: Record<string, string> = {
  "400": "Bad input: `errors` names each field.",
  "401": "No API key, or an unknown, revoked or expired one.",
  "403": "The key's role may not do this.",
  "404": "Not found (another workspace's or account's rows read the same).",
  "409": "Invalid transition, stale version, or an idempotency key still in use.",
  "413": "Request body over the limit.",
  "422": "Insufficient stock, a lot that cannot be used, or an idempotency key reused with another body.",
  "429": "Rate limit: see `Retry-After`.",
  "500": "Unexpected error: quote `requestId`.",
};

function parameters(schema: z.ZodType | undefined, where: "path" | "query") {
  if (!schema) return [];
  const object = jsonSchema(schema, "input") as { properties?: Record<string, JsonSchema & { description?: string }>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || (object.required ?? []).includes(name),
    ...(property.description ? { description: property.description } : {}),
    schema: property,
  }));
}

const problemResponse = (description: string) => ({ description, content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } });

/** The OpenAPI 3.1 document of the route table: nothing written by hand that could drift. */
export function openApiDocument(routes: RestRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const headers = [
      ...(route.method === "POST"
        ? [{ name: "Idempotency-Key", in: "header", required: false, description: "Retry safely: the same key with the same body returns the first response for 24 hours and does nothing again; with another body it is refused (422).", schema: { type: "string", maxLength: 255 } }]
        : []),
      ...(route.versioned ? [{ name: "If-Match", in: "header", required: false, description: 'The version you last saw, as `"3"` (or `version` in the body). A stale one gets 409 with the current version and state.', schema: { type: "string", maxLength: 20 } }] : []),
    ];
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      parameters: [...parameters(route.params, "path"), ...parameters(route.query, "query"), ...headers],
      ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(route.body, "input") } } } } : {}),
      responses: {
        [String(route.successStatus ?? 200)]: { description: "Success", content: { "application/json": { schema: jsonSchema(route.output, "output") } } },
        ...Object.fromEntries(Object.entries(PROBLEM_STATUSES).map(([status, description]) => [status, problemResponse(description)])),
      },
    };
  }
  return {
    openapi: "3.1.1",
    info: {
      title: "Loopline API",
      version: "1",
      description:
        "Orders and fulfillment over HTTP, with the rules, errors and tenant walls of the app. Authenticate with `Authorization: Bearer ll_…` (an API key an admin makes in Admin → API keys). JSON is camelCase. Errors are `application/problem+json`; every response carries `X-Request-Id`.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ apiKey: [] }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", bearerFormat: "ll_…", description: "An API key's secret." } },
      schemas: { Problem: { ...problemSchema, examples: [{ type: problemType("NOT_FOUND"), title: "Not found", status: 404, detail: "Order … was not found.", code: "NOT_FOUND", requestId: "…" }] } },
    },
  };
}
