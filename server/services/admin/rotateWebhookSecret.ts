import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { carriers } from "../../../db/schema";
import { NotFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { recordAdminChange } from "./adminChange";
import { newWebhookSecret } from "./carrierSecret";

export const carrierRef = z.object({ carrierId: z.uuid("must be a carrier id") });

/**
 * A new webhook secret for the carrier, returned this once and never shown again. The old one
 * stops verifying at once; the event records the rotation, never the secret.
 */
export async function rotateWebhookSecret(db: Database, actor: Actor, raw: z.input<typeof carrierRef>): Promise<{ webhookSecret: string }> {
  assertCan(actor.role, "admin.manage");
  const input = parseInput(carrierRef, raw);
  return db.transaction(async (tx) => {
    const webhookSecret = newWebhookSecret();
    const [carrier] = await tx.update(carriers).set({ webhookSecret }).where(and(eq(carriers.id, input.carrierId), eq(carriers.workspaceId, actor.workspaceId))).returning({ id: carriers.id, code: carriers.code });
    if (!carrier) throw new NotFound("Carrier", input.carrierId);
    await recordAdminChange(tx, actor, "carrier", carrier.id, "secret_rotated", { code: carrier.code });
    return { webhookSecret };
  });
}
