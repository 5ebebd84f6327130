import type { CallToolResult, Tool, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { reportUnexpected } from "../../api/unexpectedError";
import { BadInput, DomainError } from "../../domain/errors";
import type { Command } from "../../domain/permissions";
import { parseInput } from "../../services/input";
import { problemFromDomain } from "../rest/problem";
import { answerOf, type RestContext, type RestRoute } from "../rest/route";

/**
 * One MCP tool. Most are a REST route under another name: the same zod schemas (input = the
 * route's params, query and body side by side; output = the route's output), the same service
 * call, the same error table. A tool that has no route (find an order by id *or* number, track
 * a parcel) names its own zod input and output and calls a service the same way.
 */
export interface McpTool {
  name: string;
  title: string;
  /** Written for an agent: when to use it, what comes back, what refuses it. */
  description: string;
  /** Offered only to a key whose role may do this (`can()`); the service checks again. */
  permission: Command;
  annotations: ToolAnnotations;
  /** The arguments, one zod object: listed as JSON Schema, each call parsed by it. */
  input: z.ZodObject;
  output: z.ZodObject;
  /** Called with arguments whose keys are the input's (already checked); parses them itself. */
  call(ctx: RestContext, args: Record<string, unknown>): Promise<unknown>;
}

type Hints = Pick<ToolAnnotations, "destructiveHint" | "idempotentHint">;

function objectOf(schema: z.ZodType | undefined): z.ZodObject | undefined {
  if (schema === undefined) return undefined;
  if (!(schema instanceof z.ZodObject)) throw new Error("A REST route's params, query and body are zod objects.");
  return schema;
}

/**
 * A tool made from a REST route: its arguments are the route's path parameters, query and body
 * fields side by side, each part parsed by the route's own schema (refinements included) exactly
 * as the REST handler parses it, then `route.call`.
 */
export function toolFromRoute(route: RestRoute, meta: { name: string; title: string; description: string; permission: Command } & Hints): McpTool {
  const parts = { params: objectOf(route.params), query: objectOf(route.query), body: objectOf(route.body) };
  const input = z.object({ ...parts.params?.shape, ...parts.query?.shape, ...parts.body?.shape });
  const output = objectOf(route.output)!;
  const readOnly = route.method === "GET";
  return {
    name: meta.name,
    title: meta.title,
    description: meta.description,
    permission: meta.permission,
    annotations: {
      title: meta.title,
      readOnlyHint: readOnly,
      ...(readOnly ? {} : { destructiveHint: meta.destructiveHint ?? false, idempotentHint: meta.idempotentHint ?? false }),
      openWorldHint: false,
    },
    input,
    output,
    call: (ctx, args) => {
      const part = (schema: z.ZodObject | undefined) => (schema ? parseInput(schema, pick(args, Object.keys(schema.shape))) : {});
      return route.call(ctx, { params: part(parts.params), query: part(parts.query), body: part(parts.body) } as never);
    },
  };
}

function pick(args: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in args).map((k) => [k, args[k]]));
}

/** The tool as `tools/list` shows it: JSON Schema from the same zod schemas (draft-07, which every MCP client reads). */
export function toolListing(tool: McpTool): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: { ...toJson(tool.input, "input"), additionalProperties: false } as unknown as Tool["inputSchema"],
    outputSchema: toJson(tool.output, "output") as unknown as Tool["outputSchema"],
    annotations: tool.annotations,
  };
}

function toJson(schema: z.ZodObject, io: "input" | "output"): Record<string, unknown> {
  // Refinements (one of two fields, date ranges) cannot be written in JSON Schema; they are
  // checked on the server and answered as BAD_INPUT naming the field.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: "draft-7", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

/**
 * Runs one tool call and answers it as MCP wants: structured content checked by the output
 * schema plus the same JSON as text (for clients that only read text), or a tool error
 * (`isError`) with the domain code and message. Never throws: a bug or a database failure is
 * the generic message with a request id, logged here, never a protocol error or a 5xx.
 */
export async function runTool(tool: McpTool, ctx: RestContext, rawArgs: unknown): Promise<CallToolResult> {
  try {
    const args = checkedArguments(tool, rawArgs);
    const answer = answerOf(tool.output, await tool.call(ctx, args)) as Record<string, unknown>;
    return { content: [{ type: "text", text: JSON.stringify(answer) }], structuredContent: answer };
  } catch (error) {
    return toolError(error, ctx.requestId, `MCP tool ${tool.name}`);
  }
}

/** Arguments must be an object of the tool's own fields: a misspelt field is named, not ignored. */
function checkedArguments(tool: McpTool, raw: unknown): Record<string, unknown> {
  const args = raw ?? {};
  if (typeof args !== "object" || Array.isArray(args)) throw BadInput.field("arguments", "must be an object");
  const unknown = Object.keys(args).filter((key) => !(key in tool.input.shape));
  if (unknown.length) throw new BadInput(unknown.map((field) => ({ field, message: `is not an argument of ${tool.name}` })));
  // The whole object by the listed schema first, so every field's problem is named at once.
  parseInput(tool.input, args);
  return args as Record<string, unknown>;
}

/** A refusal as a tool error: the code and message first (what an agent reads), then the problem as JSON. */
export function toolError(error: unknown, requestId: string, where: string): CallToolResult {
  if (error instanceof DomainError) {
    const { type: _type, title: _title, status: _status, ...problem } = problemFromDomain(error, requestId);
    return { isError: true, content: [{ type: "text", text: `${error.code}: ${error.message}` }, { type: "text", text: JSON.stringify(problem) }] };
  }
  const { message } = reportUnexpected(error, where, requestId);
  return { isError: true, content: [{ type: "text", text: `INTERNAL: ${message}` }, { type: "text", text: JSON.stringify({ code: "INTERNAL", detail: message, requestId }) }] };
}
