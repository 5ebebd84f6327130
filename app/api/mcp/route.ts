import { getDb } from "@/server/db";
import { guardedRoute } from "@/server/api/unexpectedError";
import { handleMcpRequest } from "@/server/integrations/mcp/handler";

// The Commerce Gateway: MCP over Streamable HTTP, stateless, authenticated by API key
// (server/integrations/mcp). No CSRF check: it takes a bearer key only, never a cookie.
const handler = guardedRoute(async (request: Request) => handleMcpRequest(await getDb(), request));

export { handler as POST, handler as GET, handler as DELETE };
