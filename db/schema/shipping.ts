import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { SHIPMENT_STATUSES, ZONE_MATCHES } from "../../server/domain/shipping";
import { workspaces } from "./identity";
import { fulfillments } from "./fulfillment";
import { orders, type ShipTo } from "./orders";

export const shipmentStatusEnum = pgEnum("shipment_status", SHIPMENT_STATUSES);
export const zoneMatchEnum = pgEnum("zone_match", ZONE_MATCHES);

export const carriers = pgTable(
  "carriers",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    code: text().notNull(),
    name: text().notNull(),
    /** `{tracking}` is replaced by the tracking number. */
    trackingUrlTemplate: text().notNull(),
    /** Verifies the HMAC of tracking webhooks from this carrier. */
    webhookSecret: text().notNull(),
  },
  (t) => [uniqueIndex("carriers_workspace_code").on(t.workspaceId, t.code)],
);

export const carrierServices = pgTable(
  "carrier_services",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    carrierId: uuid().notNull().references(() => carriers.id),
    code: text().notNull(),
    name: text().notNull(),
    transitDays: integer().notNull(),
  },
  (t) => [uniqueIndex("carrier_services_carrier_code").on(t.carrierId, t.code)],
);

/** Which zone a destination falls in, per carrier: by postal-code prefix or by region. */
export const carrierZones = pgTable(
  "carrier_zones",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    carrierId: uuid().notNull().references(() => carriers.id),
    zone: text().notNull(),
    match: zoneMatchEnum().notNull(),
    value: text().notNull(),
  },
  (t) => [index("carrier_zones_carrier").on(t.carrierId)],
);

/** Rate table: price per service, zone and weight bracket (up to and including maxWeightGrams). */
export const carrierRates = pgTable(
  "carrier_rates",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    serviceId: uuid().notNull().references(() => carrierServices.id),
    zone: text().notNull(),
    maxWeightGrams: integer().notNull(),
    amountMinor: integer().notNull(),
    currency: text().notNull(),
  },
  (t) => [
    uniqueIndex("carrier_rates_bracket").on(t.serviceId, t.zone, t.maxWeightGrams),
    check("carrier_rates_positive", sql`${t.maxWeightGrams} > 0 and ${t.amountMinor} >= 0`),
  ],
);

export interface ShippingLabel {
  destination: ShipTo;
  weightGrams: number;
  service: string;
  carrier: string;
  trackingNumber: string;
}

export interface ProofOfDelivery {
  source: "person" | "carrier";
  signer?: string;
  note?: string;
  carrierEvent?: string;
}

export const shipments = pgTable(
  "shipments",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    fulfillmentId: uuid().notNull().references(() => fulfillments.id),
    orderId: uuid().notNull().references(() => orders.id),
    carrierId: uuid().notNull().references(() => carriers.id),
    serviceId: uuid().notNull().references(() => carrierServices.id),
    trackingNumber: text().notNull(),
    zone: text().notNull(),
    weightGrams: integer().notNull(),
    costMinor: integer().notNull(),
    currency: text().notNull(),
    label: jsonb().$type<ShippingLabel>().notNull(),
    status: shipmentStatusEnum().notNull().default("IN_TRANSIT"),
    dispatchedAt: timestamp({ withTimezone: true }).notNull(),
    estimatedDeliveryOn: date({ mode: "string" }).notNull(),
    deliveredAt: timestamp({ withTimezone: true }),
    proof: jsonb().$type<ProofOfDelivery>(),
  },
  (t) => [uniqueIndex("shipments_carrier_tracking").on(t.carrierId, t.trackingNumber), index("shipments_fulfillment").on(t.fulfillmentId)],
);

/** Every carrier webhook delivery we accepted, so a replay is recognised and ignored. */
export const carrierWebhookReceipts = pgTable(
  "carrier_webhook_receipts",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    carrierId: uuid().notNull().references(() => carriers.id),
    deliveryId: text().notNull(),
    trackingNumber: text().notNull(),
    outcome: text().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("carrier_webhook_receipts_delivery").on(t.carrierId, t.deliveryId)],
);
