import { handleCarrierWebhook } from "@/server/integrations/carrierWebhook";
import { getDb } from "@/server/db";
import { guardedRoute } from "@/server/api/unexpectedError";

// Signed by the carrier, so no Origin check: the signature is the authentication.
export const POST = guardedRoute(async (request: Request, { params }: { params: Promise<{ carrierId: string }> }) => {
  const { carrierId } = await params;
  return handleCarrierWebhook(await getDb(), carrierId, request);
});
