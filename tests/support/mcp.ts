import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { expect } from "vitest";
import type { Database } from "../../db/client";
import { handleMcpRequest } from "../../server/integrations/mcp/handler";

export const MCP_URL = "http://loopline.test/api/mcp";

/** Every HTTP status the handler answered in this file: a test can prove none was a 5xx. */
export const statuses: number[] = [];

/** The handler called in-process with a real `Request`: HTTP semantics, no server. */
export async function mcpFetch(db: Database, url: string | URL, init?: RequestInit): Promise<Response> {
  const response = await handleMcpRequest(db, new Request(url, init));
  statuses.push(response.status);
  expect(response.status, `never a 5xx from ${MCP_URL}`).toBeLessThan(500);
  expect(response.headers.get("x-request-id")).toBeTruthy();
  return response;
}

/**
 * An SDK client connected to the handler in-process, as an agent with this key would be, with
 * the tool list loaded: the client then checks every structured answer against the declared
 * output schema itself (JSON Schema, not our zod).
 */
export async function mcpClient(db: Database, key: string): Promise<Client> {
  const client = new Client({ name: "loopline-tests", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(MCP_URL), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
    fetch: (url, init) => mcpFetch(db, url, init),
  });
  await client.connect(transport);
  await client.listTools();
  return client;
}

export type ToolAnswer = CallToolResult & { structuredContent?: Record<string, unknown> };

/** A tool call expected to succeed: its structured content (already checked against the output schema by the client). */
export async function callOk(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown> & Record<string, any>> {
  const result = (await client.callTool({ name, arguments: args })) as ToolAnswer;
  expect(result.isError, `${name}: ${errorText(result)}`).toBeFalsy();
  expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(result.structuredContent);
  return result.structuredContent!;
}

/** A tool call expected to be refused: the code and the first line an agent reads. */
export async function callRefused(client: Client, name: string, args: unknown): Promise<{ code: string; text: string; problem: Record<string, any> }> {
  const result = (await client.callTool({ name, arguments: args as Record<string, unknown> })) as ToolAnswer;
  expect(result.isError, `${name} should be refused: ${JSON.stringify(result).slice(0, 300)}`).toBe(true);
  expect(result.structuredContent).toBeUndefined();
  const text = errorText(result);
  const problem = JSON.parse((result.content[1] as { text: string }).text);
  return { code: problem.code, text, problem };
}

function errorText(result: ToolAnswer): string {
  return result.content.map((c) => ("text" in c ? c.text : "")).join("\n");
}
