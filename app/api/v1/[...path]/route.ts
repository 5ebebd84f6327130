import { getDb } from "@/server/db";
import { handleRestRequest } from "@/server/integrations/rest/handler";

// The REST API v1: one catch-all, the route table in server/integrations/rest decides the rest.
async function handler(request: Request) {
  return handleRestRequest(await getDb(), request);
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
