import type { z } from "zod";
import type { Database } from "../../../db/client";
import type { Actor } from "../../services/actor";

/**
 * One REST operation. The route table (./routes.ts) lists them all; the handler, the OpenAPI
 * document and the tests are all generated from it. To add a resource, write a file of routes
 * under ./resources and add its array to ./routes.ts.
 *
 * - `path` is a template under /api/v1: `/orders/{orderId}/allocate`. Every `{name}` must be a
 *   key of `params`.
 * - `params`, `query` and `body` are zod objects; reuse the service's own input schema (`.pick`,
 *   `.omit`) rather than writing a second copy of its rules. Query values arrive as strings and
 *   are turned into numbers and booleans where the schema asks for them.
 * - `output` is the JSON the client receives (camelCase). The handler parses the service's answer
 *   with it, so only documented fields leave the server.
 * - `versioned`: the command takes the subject's version; `If-Match: "3"` fills `body.version`.
 * - `rawText`: the body may also come as plain text (an X12 interchange), which fills that
 *   field of the JSON body.
 * - `call` calls the same service the tRPC procedure calls, with the key's actor.
 */
export interface RestRoute<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  method: "GET" | "POST";
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  output: O;
  /** 200 unless the route creates something (201). */
  successStatus?: 200 | 201;
  versioned?: boolean;
  rawText?: string;
  call(ctx: RestContext, input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> }): Promise<unknown>;
}

export interface RestContext {
  db: Database;
  actor: Actor;
  requestId: string;
}

/** Keeps each route's types (its `call` sees its own parsed params, query and body). */
export function restRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, O extends z.ZodType>(route: RestRoute<P, Q, B, O>): RestRoute {
  return route as unknown as RestRoute;
}

/**
 * A service's answer as the client receives it: through JSON first (dates become ISO strings),
 * then the output schema, so only documented fields leave the server and an answer that drifted
 * from the docs fails loudly. REST and MCP both answer through here.
 */
export function answerOf<O extends z.ZodType>(output: O, result: unknown): z.output<O> {
  return output.parse(JSON.parse(JSON.stringify(result ?? null)));
}
