import { getDb } from "@/server/db";
import { guardedRoute } from "@/server/api/unexpectedError";
import { handleRestRequest } from "@/server/integrations/rest/handler";

// The REST API v1: one catch-all, the route table in server/integrations/rest decides the rest.
// No CSRF check: it authenticates by bearer key only, never by cookie.
const handler = guardedRoute(async (request: Request) => handleRestRequest(await getDb(), request));

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
