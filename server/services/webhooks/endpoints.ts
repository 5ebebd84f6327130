import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx, Tx } from "../../../db/client";
import { webhookEndpoints } from "../../../db/schema";
import { NotFound } from "../../domain/errors";
import { MAX_NOTE, MAX_URL } from "../../domain/limits";
import { assertCan } from "../../domain/permissions";
import { endpointUrlProblem, SECRET_OVERLAP_MS } from "../../domain/webhooks";
import { privateAddressesAllowed } from "../../integrations/webhooks/postWebhook";
import type { Actor } from "../actor";
import { changedFields, recordAdminChange } from "../admin/adminChange";
import { newWebhookSecret } from "../admin/carrierSecret";
import { eventTypeFilter, MAX_EVENT_TYPE_FILTERS } from "../events/eventTypes";
import { requiredText, text } from "../fields";
import { parseInput } from "../input";

export const webhookEndpointRef = z.object({ endpointId: z.uuid("must be a webhook endpoint id") });

const endpointFields = {
  url: requiredText(MAX_URL).superRefine((url, ctx) => {
    const problem = endpointUrlProblem(url, privateAddressesAllowed());
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  description: text(MAX_NOTE),
  /** Exact types or prefixes (`scm.fulfillment.*`); none: every event of the workspace. */
  eventTypes: z.array(eventTypeFilter).max(MAX_EVENT_TYPE_FILTERS, `must list at most ${MAX_EVENT_TYPE_FILTERS} types`),
  enabled: z.boolean("must be true or false"),
};

export const createWebhookEndpointInput = z.object({
  url: endpointFields.url,
  description: endpointFields.description.default(""),
  eventTypes: endpointFields.eventTypes.default([]),
  enabled: endpointFields.enabled.default(true),
});
export type CreateWebhookEndpointInput = z.input<typeof createWebhookEndpointInput>;

export const updateWebhookEndpointInput = webhookEndpointRef.extend({
  url: endpointFields.url.optional(),
  description: endpointFields.description.optional(),
  eventTypes: endpointFields.eventTypes.optional(),
  enabled: endpointFields.enabled.optional(),
});
export type UpdateWebhookEndpointInput = z.input<typeof updateWebhookEndpointInput>;

/** What an endpoint reads back as, everywhere: never a secret. */
export const endpointColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  eventTypes: webhookEndpoints.eventTypes,
  enabled: webhookEndpoints.enabled,
  disabledReason: webhookEndpoints.disabledReason,
  failingSince: webhookEndpoints.failingSince,
  lastSuccessAt: webhookEndpoints.lastSuccessAt,
  /** Until when the secret before the last rotation still signs beside the new one. */
  previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt,
  createdAt: webhookEndpoints.createdAt,
  updatedAt: webhookEndpoints.updatedAt,
};

/** `webhook_endpoints` rows are only ever read through this scope: another workspace's endpoint does not exist. */
function inWorkspace(actor: Actor, endpointId: string) {
  return and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.workspaceId, actor.workspaceId));
}

/**
 * A new subscriber. The signing secret (`whsec_…`) is returned this once; events that happen
 * from now on and match its types are delivered to it.
 */
export async function createWebhookEndpoint(db: Database, actor: Actor, raw: CreateWebhookEndpointInput) {
  assertCan(actor.role, "admin.manage");
  const input = parseInput(createWebhookEndpointInput, raw);
  return db.transaction(async (tx) => {
    const secret = newWebhookSecret();
    const [endpoint] = await tx
      .insert(webhookEndpoints)
      .values({ workspaceId: actor.workspaceId, ...input, eventTypes: unique(input.eventTypes), secret, createdBy: actor.userId })
      .returning(endpointColumns);
    await recordAdminChange(tx, actor, "webhook_endpoint", endpoint!.id, "created", { url: endpoint!.url, eventTypes: endpoint!.eventTypes, enabled: endpoint!.enabled });
    return { ...endpoint!, secret };
  });
}

/** Changes URL, description, types or the enabled switch; enabling again clears the reason it was switched off. */
export async function updateWebhookEndpoint(db: Database, actor: Actor, raw: UpdateWebhookEndpointInput) {
  assertCan(actor.role, "admin.manage");
  const { endpointId, ...input } = parseInput(updateWebhookEndpointInput, raw);
  return db.transaction(async (tx) => {
    const before = await lockEndpoint(tx, actor, endpointId);
    const change = { ...input, eventTypes: input.eventTypes && unique(input.eventTypes) };
    const changes = changedFields(before, change);
    const reenabled = input.enabled === true && !before.enabled;
    const [endpoint] = await tx
      .update(webhookEndpoints)
      .set({ ...change, updatedAt: sql`now()`, ...(reenabled ? { disabledReason: null, failingSince: null } : {}) })
      .where(inWorkspace(actor, endpointId))
      .returning(endpointColumns);
    if (Object.keys(changes).length) await recordAdminChange(tx, actor, "webhook_endpoint", endpointId, "updated", { changes });
    return endpoint!;
  });
}

/**
 * A new secret, returned this once. The old one keeps signing beside it for 24 hours (the
 * signature header carries both), so a consumer can switch without losing a delivery.
 */
export async function rotateWebhookEndpointSecret(db: Database, actor: Actor, raw: z.input<typeof webhookEndpointRef>): Promise<{ secret: string; previousSecretExpiresAt: Date }> {
  assertCan(actor.role, "admin.manage");
  const { endpointId } = parseInput(webhookEndpointRef, raw);
  return db.transaction(async (tx) => {
    const before = await lockEndpoint(tx, actor, endpointId);
    const secret = newWebhookSecret();
    const previousSecretExpiresAt = new Date(Date.now() + SECRET_OVERLAP_MS);
    await tx.update(webhookEndpoints).set({ secret, previousSecret: before.secret, previousSecretExpiresAt, updatedAt: sql`now()` }).where(inWorkspace(actor, endpointId));
    await recordAdminChange(tx, actor, "webhook_endpoint", endpointId, "secret_rotated", { previousSecretExpiresAt });
    return { secret, previousSecretExpiresAt };
  });
}

export async function listWebhookEndpoints(db: DbOrTx, actor: Actor) {
  assertCan(actor.role, "admin.manage");
  return db.select(endpointColumns).from(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, actor.workspaceId)).orderBy(desc(webhookEndpoints.createdAt));
}

export async function getWebhookEndpoint(db: DbOrTx, actor: Actor, raw: z.input<typeof webhookEndpointRef>) {
  assertCan(actor.role, "admin.manage");
  const { endpointId } = parseInput(webhookEndpointRef, raw);
  const [endpoint] = await db.select(endpointColumns).from(webhookEndpoints).where(inWorkspace(actor, endpointId));
  if (!endpoint) throw new NotFound("Webhook endpoint", endpointId);
  return endpoint;
}

async function lockEndpoint(tx: Tx, actor: Actor, endpointId: string) {
  const [endpoint] = await tx
    .select({ ...endpointColumns, secret: webhookEndpoints.secret })
    .from(webhookEndpoints)
    .where(inWorkspace(actor, endpointId))
    .for("update");
  if (!endpoint) throw new NotFound("Webhook endpoint", endpointId);
  return endpoint;
}

function unique(types: string[]): string[] {
  return [...new Set(types)];
}

/** For callers that check an endpoint id before acting on its deliveries. */
export async function assertEndpointInWorkspace(db: DbOrTx, actor: Actor, endpointId: string): Promise<void> {
  const [found] = await db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(inWorkspace(actor, endpointId));
  if (!found) throw new NotFound("Webhook endpoint", endpointId);
}
