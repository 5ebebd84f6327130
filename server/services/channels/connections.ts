import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx } from "../../../db/client";
import { accounts, channelConnections, warehouses } from "../../../db/schema";
import { UNKNOWN_SKU_POLICIES, type ChannelKind } from "../../domain/channels";
import { BadInput, NotFound } from "../../domain/errors";
import { MAX_CODE, MAX_NAME, MAX_URL } from "../../domain/limits";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { changedFields, recordAdminChange } from "../admin/adminChange";
import { codeText, requiredText } from "../fields";
import { parseInput } from "../input";

export type ChannelConnection = typeof channelConnections.$inferSelect;

export const channelConnectionRef = z.object({ connectionId: z.uuid("must be a channel connection id") });

const httpsUrl = requiredText(MAX_URL).refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), "must be an http(s) URL");
/** A secret the admin pastes from the platform: absent keeps the current one. */
const secret = requiredText(500);
const isaQualifier = z.string().trim().regex(/^[0-9A-Z]{2}$/, "must be a two-character ISA qualifier, e.g. ZZ or 01");
const isaId = z.string().trim().min(1, "is required").max(15, "must be at most 15 characters (ISA06/ISA08)").regex(/^[0-9A-Za-z -]+$/, "may hold letters, digits, spaces and dashes");

const common = {
  connectionId: z.uuid("must be a channel connection id").optional(),
  name: requiredText(MAX_NAME),
  enabled: z.boolean("must be true or false").default(true),
  warehouseCode: codeText.optional(),
  unknownSkuPolicy: z.enum(UNKNOWN_SKU_POLICIES).default("REJECT"),
  signingSecret: secret.optional(),
  accessToken: secret.optional(),
  apiBaseUrl: httpsUrl.optional(),
};

export const saveChannelConnectionInput = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("SHOPIFY"),
    ...common,
    shopDomain: z.string().trim().toLowerCase().max(MAX_CODE * 2).regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be the shop's myshopify.com domain, e.g. acme.myshopify.com"),
  }),
  // The notification URL holds the connection's id, so it may be set once the connection exists.
  z.object({ kind: z.literal("SQUARE"), ...common, locationId: codeText, notificationUrl: httpsUrl.optional() }),
  z.object({
    kind: z.literal("EDI"),
    ...common,
    accountCode: codeText,
    partnerQualifier: isaQualifier,
    partnerId: isaId,
    ourQualifier: isaQualifier,
    ourId: isaId,
    wants856: z.boolean("must be true or false").default(true),
    wants810: z.boolean("must be true or false").default(true),
    /** Ours, for the cartons' SSCC-18 in the 856. */
    gs1CompanyPrefix: z.string().trim().regex(/^\d{7,10}$/, "must be your GS1 company prefix: 7 to 10 digits").optional(),
  }),
]);
export type SaveChannelConnectionInput = z.input<typeof saveChannelConnectionInput>;

/** Connects a channel or changes one. Secrets are write-only: leaving them out keeps the ones stored. */
export async function saveChannelConnection(db: Database, actor: Actor, raw: SaveChannelConnectionInput) {
  assertCan(actor.role, "admin.manage");
  const input = parseInput(saveChannelConnectionInput, raw);
  return db.transaction(async (tx) => {
    const warehouseId = input.warehouseCode ? await warehouseIdFor(tx, actor, input.warehouseCode) : null;
    const accountId = input.kind === "EDI" ? await accountIdFor(tx, actor, input.accountCode) : null;
    const values = {
      name: input.name,
      enabled: input.enabled,
      warehouseId,
      unknownSkuPolicy: input.unknownSkuPolicy,
      ...(input.apiBaseUrl !== undefined ? { apiBaseUrl: input.apiBaseUrl } : {}),
      shopDomain: input.kind === "SHOPIFY" ? input.shopDomain : null,
      locationId: input.kind === "SQUARE" ? input.locationId : null,
      ...(input.kind === "SQUARE" && input.notificationUrl !== undefined ? { notificationUrl: input.notificationUrl } : {}),
      accountId,
      ...(input.kind === "EDI"
        ? { partnerQualifier: input.partnerQualifier, partnerId: input.partnerId, ourQualifier: input.ourQualifier, ourId: input.ourId, wants856: input.wants856, wants810: input.wants810, gs1CompanyPrefix: input.gs1CompanyPrefix ?? null }
        : {}),
      ...(input.signingSecret ? { signingSecret: input.signingSecret } : {}),
      ...(input.accessToken ? { accessToken: input.accessToken } : {}),
    };
    if (!input.connectionId) {
      if (input.kind !== "EDI" && !input.signingSecret) throw BadInput.field("signingSecret", `is required: without it no ${input.kind === "SHOPIFY" ? "Shopify" : "Square"} webhook can be verified`);
      const [created] = await tx.insert(channelConnections).values({ workspaceId: actor.workspaceId, kind: input.kind, ...values }).returning();
      await recordAdminChange(tx, actor, "channel_connection", created!.id, "created", { kind: input.kind, name: input.name });
      return publicConnection(created!);
    }
    const before = await lockConnection(tx, actor, input.connectionId);
    if (before.kind !== input.kind) throw BadInput.field("kind", `this connection is a ${before.kind} connection; connect a new channel instead`);
    const [updated] = await tx.update(channelConnections).set({ ...values, updatedAt: new Date() }).where(eq(channelConnections.id, before.id)).returning();
    const changes: Record<string, unknown> = changedFields(publicConnection(before), { ...publicConnection(updated!), updatedAt: undefined });
    // A new secret is worth a line on the audit trail; its value is not.
    if (input.signingSecret) changes.signingSecret = "replaced";
    if (input.accessToken) changes.accessToken = "replaced";
    if (Object.keys(changes).length) await recordAdminChange(tx, actor, "channel_connection", before.id, "updated", { name: input.name, changes });
    return publicConnection(updated!);
  });
}

/** A connection as an admin sees it: whether secrets are set, never the secrets. */
export function publicConnection(c: ChannelConnection) {
  const { signingSecret, accessToken, ...rest } = c;
  return { ...rest, hasSigningSecret: !!signingSecret, hasAccessToken: !!accessToken };
}
export type PublicChannelConnection = ReturnType<typeof publicConnection>;

export async function listChannelConnections(db: DbOrTx, actor: Actor) {
  assertCan(actor.role, "intake.read");
  const rows = await db.select().from(channelConnections).where(eq(channelConnections.workspaceId, actor.workspaceId)).orderBy(asc(channelConnections.kind), asc(channelConnections.name));
  return rows.map(publicConnection);
}

export async function getChannelConnection(db: DbOrTx, actor: Actor, connectionId: string) {
  assertCan(actor.role, "intake.read");
  const { connectionId: id } = parseInput(channelConnectionRef, { connectionId });
  const [row] = await db.select().from(channelConnections).where(and(eq(channelConnections.id, id), eq(channelConnections.workspaceId, actor.workspaceId)));
  if (!row) throw new NotFound("Channel connection", id);
  return publicConnection(row);
}

/** The connection a platform's webhook names in its URL, secrets included: for verifying it, nothing else. */
export async function connectionForWebhook(db: DbOrTx, kind: ChannelKind, connectionId: string): Promise<ChannelConnection | null> {
  if (!z.uuid().safeParse(connectionId).success) return null;
  const [row] = await db.select().from(channelConnections).where(and(eq(channelConnections.id, connectionId), eq(channelConnections.kind, kind)));
  return row && row.enabled ? row : null;
}

async function lockConnection(tx: DbOrTx, actor: Actor, connectionId: string) {
  const [row] = await tx.select().from(channelConnections).where(and(eq(channelConnections.id, connectionId), eq(channelConnections.workspaceId, actor.workspaceId))).for("update");
  if (!row) throw new NotFound("Channel connection", connectionId);
  return row;
}

async function warehouseIdFor(tx: DbOrTx, actor: Actor, code: string) {
  const [row] = await tx.select({ id: warehouses.id }).from(warehouses).where(and(eq(warehouses.workspaceId, actor.workspaceId), eq(warehouses.code, code)));
  if (!row) throw BadInput.field("warehouseCode", `unknown warehouse ${code}`);
  return row.id;
}

async function accountIdFor(tx: DbOrTx, actor: Actor, code: string) {
  const [row] = await tx.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.workspaceId, actor.workspaceId), eq(accounts.code, code)));
  if (!row) throw BadInput.field("accountCode", `unknown account ${code}`);
  return row.id;
}
