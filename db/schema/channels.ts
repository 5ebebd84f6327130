import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { CHANNEL_KINDS, CHANNEL_OUTBOX_ACTIONS, EDI_DOCUMENT_TYPES, INTAKE_STATUSES, UNKNOWN_SKU_POLICIES, type IntakeOutcome } from "../../server/domain/channels";
import { products } from "./catalog";
import { accounts, workspaces } from "./identity";
import { orders } from "./orders";
import { fulfillments } from "./fulfillment";
import { warehouses } from "./warehouse";

export const channelKindEnum = pgEnum("channel_kind", CHANNEL_KINDS);
export const unknownSkuPolicyEnum = pgEnum("unknown_sku_policy", UNKNOWN_SKU_POLICIES);
export const intakeStatusEnum = pgEnum("intake_status", INTAKE_STATUSES);
export const channelOutboxActionEnum = pgEnum("channel_outbox_action", CHANNEL_OUTBOX_ACTIONS);
export const ediDocumentTypeEnum = pgEnum("edi_document_type", EDI_DOCUMENT_TYPES);

/**
 * A connected sales channel: a Shopify store, a Square location or an EDI trading partner.
 * Secrets (the webhook signing secret or key, the platform access token) are write-only: the
 * admin pastes them, Loopline never shows them again.
 */
export const channelConnections = pgTable(
  "channel_connections",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    kind: channelKindEnum().notNull(),
    name: text().notNull(),
    enabled: boolean().notNull().default(true),
    /** Where its orders are fulfilled; null means the workspace's first warehouse. */
    warehouseId: uuid().references(() => warehouses.id),
    unknownSkuPolicy: unknownSkuPolicyEnum().notNull().default("REJECT"),
    /** Shopify: the shop domain (acme.myshopify.com). */
    shopDomain: text(),
    /** Square: the location whose orders come here, and the notification URL Square signs. */
    locationId: text(),
    notificationUrl: text(),
    /** Shopify's webhook secret or Square's signature key. */
    signingSecret: text(),
    /** The platform's API token, for reading orders and sending tracking back. */
    accessToken: text(),
    /** The platform's API address; null is the real one (tests point it at a loopback server). */
    apiBaseUrl: text(),
    /** EDI: the B2B account the partner's orders belong to. */
    accountId: uuid().references(() => accounts.id),
    /** EDI: ISA qualifiers and ids, theirs and ours. */
    partnerQualifier: text(),
    partnerId: text(),
    ourQualifier: text(),
    ourId: text(),
    wants856: boolean().notNull().default(true),
    wants810: boolean().notNull().default(true),
    /** EDI: the next ISA13 and GS06 control numbers we send this partner; ST02 follows GS06. */
    nextInterchangeControl: integer().notNull().default(1),
    nextGroupControl: integer().notNull().default(1),
    /** EDI: our GS1 company prefix, and the next serial reference, for each carton's SSCC-18 in the 856. */
    gs1CompanyPrefix: text(),
    nextSsccSerial: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("channel_connections_workspace_name").on(t.workspaceId, t.name),
    uniqueIndex("channel_connections_partner").on(t.workspaceId, t.partnerQualifier, t.partnerId).where(sql`${t.kind} = 'EDI'`),
    check("channel_connections_control_numbers", sql`${t.nextInterchangeControl} between 1 and 999999999 and ${t.nextGroupControl} between 1 and 999999999`),
  ],
);

/** A channel's name for an item (SKU, variant id, buyer part, UPC) → our product, `packSize` base units per channel unit. */
export const channelSkuMaps = pgTable(
  "channel_sku_maps",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    connectionId: uuid().notNull().references(() => channelConnections.id),
    channelKey: text().notNull(),
    productId: uuid().notNull().references(() => products.id),
    packSize: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("channel_sku_maps_key").on(t.connectionId, t.channelKey), check("channel_sku_maps_pack_size", sql`${t.packSize} > 0`)],
);

/**
 * Every inbound channel message, stored raw before anything else happens, with what came of it.
 * `dedupeKey` is the platform's delivery id (Shopify webhook or event id, Square event_id, the
 * EDI interchange control number): a redelivery finds its row and is answered as a duplicate.
 */
export const intakeMessages = pgTable(
  "intake_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    connectionId: uuid().notNull().references(() => channelConnections.id),
    kind: channelKindEnum().notNull(),
    dedupeKey: text().notNull(),
    topic: text().notNull(),
    headers: jsonb().$type<Record<string, string>>().notNull().default({}),
    body: text().notNull(),
    status: intakeStatusEnum().notNull().default("RECEIVED"),
    /** One per order the message describes (one for Shopify and Square, one per ST set for EDI). */
    outcomes: jsonb().$type<IntakeOutcome[]>().notNull().default([]),
    attempts: integer().notNull().default(0),
    /** Whoever processes it (the request that stored it, or the worker after a crash) holds it until then. */
    leaseUntil: timestamp({ withTimezone: true }),
    /** After a failed turn (the platform's API down): not before then, unless someone replays it. */
    retryAt: timestamp({ withTimezone: true }),
    duplicates: integer().notNull().default(0),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("intake_messages_dedupe").on(t.connectionId, t.dedupeKey),
    index("intake_messages_workspace_received").on(t.workspaceId, t.receivedAt),
    /** What the worker still owes: messages acknowledged but not yet processed (a crash between the two). */
    index("intake_messages_unprocessed").on(t.receivedAt).where(sql`${t.status} = 'RECEIVED'`),
  ],
);

/**
 * Work a shipment owes a channel, written in the shipment's transaction and done by the worker:
 * tracking back to Shopify or Square, an 856 or 810 to an EDI partner. Retried until it succeeds;
 * the shipment never waits for it.
 */
export const channelOutbox = pgTable(
  "channel_outbox",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    connectionId: uuid().notNull().references(() => channelConnections.id),
    orderId: uuid().notNull().references(() => orders.id),
    fulfillmentId: uuid().notNull().references(() => fulfillments.id),
    action: channelOutboxActionEnum().notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** A worker's claim: another worker skips the row until it passes. */
    leaseUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    doneAt: timestamp({ withTimezone: true }),
    /** The platform refused for good, or a day of tries failed: nobody will try again (the order page says so). */
    gaveUpAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("channel_outbox_once").on(t.fulfillmentId, t.action),
    index("channel_outbox_due").on(t.nextAttemptAt).where(sql`${t.doneAt} is null and ${t.gaveUpAt} is null`),
    index("channel_outbox_order").on(t.orderId),
  ],
);

/** X12 documents exchanged with a partner: the 850s received, the 997s, 856s and 810s sent. */
export const ediDocuments = pgTable(
  "edi_documents",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    connectionId: uuid().notNull().references(() => channelConnections.id),
    type: ediDocumentTypeEnum().notNull(),
    outbound: boolean().notNull(),
    orderId: uuid().references(() => orders.id),
    intakeMessageId: uuid().references(() => intakeMessages.id),
    interchangeControl: integer().notNull(),
    groupControl: integer(),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("edi_documents_order").on(t.orderId), index("edi_documents_connection").on(t.connectionId, t.createdAt)],
);
