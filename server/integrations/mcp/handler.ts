import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { Database } from "../../../db/client";
import type { Actor } from "../../services/actor";
import { admitApiKey, failureAnswer, readBodyText, requestIdOf, type Answer } from "../keyGate";
import { problem, ProblemError } from "../rest/problem";
import { gatewayServer } from "./server";

export const MCP_PATH = "/api/mcp";

/**
 * The MCP transport (Streamable HTTP, stateless): the same key gate as REST (401, 429 and 413 are
 * the same problem answers), then a server built for this key answers the JSON-RPC message and
 * is dropped. No session lives in this process, so any instance can answer any request; there is
 * no server-to-client stream to GET or session to DELETE (405). Tests call it with `Request`s.
 */
export async function handleMcpRequest(db: Database, request: Request): Promise<Response> {
  const started = performance.now();
  const requestId = requestIdOf(request);
  let actor: Actor | null = null;
  let response: Response;
  try {
    if (request.method !== "POST") {
      throw new ProblemError(problem("METHOD_NOT_ALLOWED", 405, `${MCP_PATH} is stateless: it takes POST (a JSON-RPC message) only.`, requestId), { allow: "POST" });
    }
    const admitted = await admitApiKey(db, request, requestId, "MCP");
    actor = admitted.actor;
    const text = await readBodyText(request, requestId);
    response = await answerMessage(db, request, text, admitted.actor, requestId);
    for (const [name, value] of Object.entries(admitted.rateHeaders)) response.headers.set(name, value);
  } catch (error) {
    response = problemResponse(failureAnswer(error, requestId, `MCP ${request.method}`));
  }
  response.headers.set("x-request-id", requestId);
  response.headers.set("cache-control", "no-store");
  console.log(`[mcp] ${requestId} ${request.method} ${MCP_PATH} ${response.status} ${Math.round(performance.now() - started)}ms ${actor ? (actor as Actor).label : "anonymous"}`);
  return response;
}

async function answerMessage(db: Database, request: Request, text: string, actor: Actor, requestId: string): Promise<Response> {
  let parsedBody: unknown;
  try {
    parsedBody = JSON.parse(text);
  } catch {
    return Response.json({ jsonrpc: "2.0", error: { code: -32700, message: "Parse error: the body must be a JSON-RPC message." }, id: null }, { status: 400 });
  }
  // One message per request (batches left the protocol in 2025-06-18): the rate limit counts
  // requests, so a batch of 100 calls would cost one.
  if (Array.isArray(parsedBody)) {
    return Response.json({ jsonrpc: "2.0", error: { code: -32600, message: "Invalid request: send one JSON-RPC message per request; batches are not accepted." }, id: null }, { status: 400 });
  }
  const server = gatewayServer({ db, actor, requestId });
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  try {
    await server.connect(transport);
    // JSON responses: the answer is complete when this resolves, so the server can go.
    return await transport.handleRequest(request, { parsedBody });
  } finally {
    await server.close();
  }
}

function problemResponse(answer: Answer): Response {
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { "content-type": "application/problem+json", ...answer.headers } });
}
