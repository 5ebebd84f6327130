import { handleCarrierWebhook } from "@/server/integrations/carrierWebhook";
import { getDb } from "@/server/db";

export async function POST(request: Request, { params }: { params: Promise<{ carrierId: string }> }) {
  const { carrierId } = await params;
  return handleCarrierWebhook(await getDb(), carrierId, request);
}
