import { sql } from "drizzle-orm";
import { bigint, boolean, customType, index, integer, pgEnum, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users, workspaces } from "./identity";
import { loopEvents } from "./events";

const transactionIdColumn = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/**
 * A subscriber: loop events of the workspace whose type matches `eventTypes` (exact, or a
 * prefix such as `scm.fulfillment.*`; none: every type) are POSTed to `url`, signed with the
 * secret. During a rotation the previous secret signs too, until `previousSecretExpiresAt`.
 * The secrets are kept because signing needs them; no query returns them.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    url: text().notNull(),
    description: text().notNull().default(""),
    eventTypes: text().array().notNull().default(sql`'{}'::text[]`),
    enabled: boolean().notNull().default(true),
    /** Why the endpoint was disabled, when it was the system (every delivery failed for days). */
    disabledReason: text(),
    secret: text().notNull(),
    previousSecret: text(),
    previousSecretExpiresAt: timestamp({ withTimezone: true }),
    /** The first failure since the last success: five days of nothing but failures disables it. */
    failingSince: timestamp({ withTimezone: true }),
    lastSuccessAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhook_endpoints_workspace").on(t.workspaceId, t.createdAt)],
);

export const webhookDeliveryStatusEnum = pgEnum("webhook_delivery_status", ["PENDING", "SUCCEEDED", "FAILED"]);

/**
 * One event owed to one endpoint. PENDING until a 2xx (SUCCEEDED) or the last retry (FAILED).
 * A worker takes it by setting `leasedUntil` (committed at once, so no transaction stays open
 * over the HTTP call and holds back the commit horizon); a worker that dies lets the lease run out.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    endpointId: uuid().notNull().references(() => webhookEndpoints.id),
    eventId: uuid().notNull().references(() => loopEvents.id),
    /** Copied from the event: deliveries of one subject go out in this order, one at a time. */
    subjectId: uuid().notNull(),
    eventSeq: bigint({ mode: "number" }).notNull(),
    status: webhookDeliveryStatusEnum().notNull().default("PENDING"),
    attempts: smallint().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    leasedUntil: timestamp({ withTimezone: true }),
    lastStatusCode: smallint(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_endpoint_event").on(t.endpointId, t.eventId),
    index("webhook_deliveries_due").on(t.nextAttemptAt).where(sql`status = 'PENDING'`),
    index("webhook_deliveries_subject_pending").on(t.endpointId, t.subjectId, t.eventSeq).where(sql`status = 'PENDING'`),
    index("webhook_deliveries_endpoint_log").on(t.endpointId, t.createdAt),
  ],
);

/** Every HTTP attempt of a delivery, as the delivery log shows it. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    deliveryId: uuid().notNull().references(() => webhookDeliveries.id),
    attemptedAt: timestamp({ withTimezone: true }).notNull(),
    /** Null when no HTTP answer came (refused, timed out, blocked address). */
    statusCode: smallint(),
    durationMs: integer().notNull(),
    /** The first 2 KB of the answer, or what went wrong before one arrived. */
    response: text().notNull().default(""),
  },
  (t) => [index("webhook_attempts_delivery").on(t.deliveryId, t.attemptedAt)],
);

/**
 * How far the dispatcher has turned loop events into deliveries, as a commit-safe feed position
 * (transaction id, seq): one row, locked by whichever instance dispatches.
 */
export const webhookDispatchCursor = pgTable("webhook_dispatch_cursor", {
  id: smallint().primaryKey().default(1),
  transactionId: transactionIdColumn().notNull().default(sql`'0'::xid8`),
  seq: bigint({ mode: "number" }).notNull().default(0),
});
