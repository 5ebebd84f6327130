import { handleChannelWebhook } from "@/server/integrations/channels/webhookRoute";
import { getDb } from "@/server/db";
import { guardedRoute } from "@/server/api/unexpectedError";

// Signed by the platform, so no Origin check: the signature is the authentication.
export const POST = guardedRoute(async (request: Request, { params }: { params: Promise<{ connectionId: string }> }) => {
  const { connectionId } = await params;
  return handleChannelWebhook(await getDb(), "SHOPIFY", connectionId, request);
});
