import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Database, type DbOrTx } from "../../../db/client";
import { carriers, channelConnections, channelOutbox, channelSkuMaps, ediDocuments, fulfillmentLines, orders, products, shipments } from "../../../db/schema";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { owedAtShipment, outboxRetryAt, type ChannelOutboxAction } from "../../domain/channels";
import { trackingUrl } from "../../domain/shipping";
import { recordEvents } from "../events";
import { ChannelPushError } from "../../integrations/channels/pushError";
import { channelActor } from "./actor";
import type { ChannelConnection } from "./connections";

export type ChannelOutboxJob = typeof channelOutbox.$inferSelect;

/** How long a worker holds a claimed job: longer than any platform call may take. */
const OUTBOX_LEASE_MS = 60_000;
/** Jobs one worker turn claims. */
const OUTBOX_BATCH = 20;

/**
 * What a shipment owes its order's channel, written in the shipment's own transaction: the work is
 * then certain to happen once the shipment commits, and the shipment never waits for a platform.
 */
export async function recordChannelWork(tx: DbOrTx, order: { id: string; workspaceId: string; channelConnectionId: string | null; accountId: string | null }, fulfillmentId: string) {
  if (!order.channelConnectionId) return;
  const [connection] = await tx.select({ kind: channelConnections.kind, wants856: channelConnections.wants856, wants810: channelConnections.wants810 }).from(channelConnections).where(eq(channelConnections.id, order.channelConnectionId));
  const actions = owedAtShipment(connection!, order.accountId !== null);
  if (!actions.length) return;
  await tx
    .insert(channelOutbox)
    .values(actions.map((action) => ({ workspaceId: order.workspaceId, connectionId: order.channelConnectionId!, orderId: order.id, fulfillmentId, action })))
    .onConflictDoNothing();
}

/** What a platform is told about a shipment. */
export interface ShipmentFacts {
  channelOrderId: string;
  carrierName: string;
  carrierCode: string;
  trackingNumber: string;
  trackingUrl: string;
  /** What this shipment carried, in the channel's item keys and units (its SKU or `variant:…`; our units over the map's pack size). */
  lines: { itemKey: string; quantity: number }[];
}

export async function shipmentFacts(db: DbOrTx, job: ChannelOutboxJob): Promise<ShipmentFacts> {
  const [row] = await db
    .select({ channelOrderId: orders.channelOrderId, carrierName: carriers.name, carrierCode: carriers.code, template: carriers.trackingUrlTemplate, trackingNumber: shipments.trackingNumber })
    .from(shipments)
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .innerJoin(carriers, eq(carriers.id, shipments.carrierId))
    .where(eq(shipments.fulfillmentId, job.fulfillmentId));
  if (!row?.channelOrderId) throw new ChannelWorkError(`fulfillment ${job.fulfillmentId} has no shipment of a channel order`);
  const shipped = await db
    .select({ sku: products.sku, quantity: fulfillmentLines.shippedQty, channelKey: channelSkuMaps.channelKey, packSize: channelSkuMaps.packSize })
    .from(fulfillmentLines)
    .innerJoin(products, eq(products.id, fulfillmentLines.productId))
    .leftJoin(channelSkuMaps, and(eq(channelSkuMaps.connectionId, job.connectionId), eq(channelSkuMaps.productId, fulfillmentLines.productId)))
    .where(and(eq(fulfillmentLines.fulfillmentId, job.fulfillmentId), gt(fulfillmentLines.shippedQty, 0)));
  // A product the map knows under several keys is told under one: the first, as the map lists them.
  const lines = new Map<string, { itemKey: string; quantity: number }>();
  for (const l of shipped) {
    const itemKey = l.channelKey ?? l.sku;
    const quantity = Math.floor(l.quantity / (l.packSize ?? 1));
    if (quantity > 0 && !lines.has(l.sku)) lines.set(l.sku, { itemKey, quantity });
  }
  return { channelOrderId: row.channelOrderId, carrierName: row.carrierName, carrierCode: row.carrierCode, trackingNumber: row.trackingNumber, trackingUrl: trackingUrl(row.template, row.trackingNumber), lines: [...lines.values()] };
}

/** Does one job's work; returns what the order's timeline says was done. */
export type ChannelWork = (db: Database, job: ChannelOutboxJob, connection: ChannelConnection) => Promise<{ type: string; payload: Record<string, unknown> }>;

/**
 * One worker turn: claims due jobs (SKIP LOCKED, with a lease, so two workers never do one job at
 * once and a crashed worker's jobs come back), does each, and records success on the order's
 * timeline or the error and the next try. Returns how many jobs it took.
 */
export async function runChannelOutbox(db: Database, work: Record<ChannelOutboxAction, ChannelWork>, now = new Date()): Promise<number> {
  const claimed = await queryRows<{ id: string }>(db, sql`
    update channel_outbox set lease_until = ${new Date(now.getTime() + OUTBOX_LEASE_MS).toISOString()}::timestamptz, attempts = attempts + 1
    where id in (
      select id from channel_outbox
      where done_at is null and gave_up_at is null and next_attempt_at <= ${now.toISOString()}::timestamptz and (lease_until is null or lease_until < ${now.toISOString()}::timestamptz)
      order by next_attempt_at limit ${OUTBOX_BATCH} for update skip locked)
    returning id`);
  const ids = claimed.map((r) => r.id);
  if (!ids.length) return 0;
  const jobs = await db.select().from(channelOutbox).where(inArray(channelOutbox.id, ids));
  await Promise.all(jobs.map((job) => runJob(db, work, job)));
  return jobs.length;
}

async function runJob(db: Database, work: Record<ChannelOutboxAction, ChannelWork>, job: ChannelOutboxJob) {
  const [connection] = await db.select().from(channelConnections).where(eq(channelConnections.id, job.connectionId));
  try {
    const done = await work[job.action](db, job, connection!);
    await db.transaction(async (tx) => {
      await tx.update(channelOutbox).set({ doneAt: new Date(), leaseUntil: null, lastError: null }).where(eq(channelOutbox.id, job.id));
      await recordEvents(tx, channelActor(connection!), [{ type: done.type, subjectType: "order", subjectId: job.orderId, payload: { ...done.payload, attempts: job.attempts } }]);
    });
  } catch (error) {
    // The platform's answer or our own reason is worth showing; anything else (it may hold SQL) stays in the server log.
    const shown = error instanceof ChannelPushError || error instanceof ChannelWorkError;
    if (!shown) console.error(`channel job ${job.id} (${job.action}) failed`, error);
    const message = shown ? error.message.slice(0, 1_000) : `an unexpected error (logged under channel job ${job.id})`;
    const retryAt = outboxRetryAt(job.attempts, !(error instanceof ChannelPushError && !error.retryable), new Date());
    await db.transaction(async (tx) => {
      await tx.update(channelOutbox).set({ ...(retryAt ? { nextAttemptAt: retryAt } : { gaveUpAt: new Date() }), leaseUntil: null, lastError: message }).where(eq(channelOutbox.id, job.id));
      // The first failure and the giving up go on the timeline; the tries between only update the row.
      const events = [
        ...(job.attempts === 1 ? [{ type: "channel.update.failed", payload: { action: job.action, error: message } }] : []),
        ...(retryAt ? [] : [{ type: "channel.update.gave_up", payload: { action: job.action, error: message, attempts: job.attempts } }]),
      ];
      if (events.length) await recordEvents(tx, channelActor(connection!), events.map((e) => ({ ...e, subjectType: "order" as const, subjectId: job.orderId })));
    });
  }
}

/** Channel work that cannot be done as things stand (no shipment, no GS1 prefix): the reason is shown on the order page. */
export class ChannelWorkError extends Error {}

/** Where a channel order came from, what its shipments owe or told the channel, and its EDI documents: for the order page (staff). */
export async function orderChannelActivity(db: DbOrTx, actor: Actor, orderId: string) {
  assertCan(actor.role, "intake.read");
  if (!z.uuid().safeParse(orderId).success) return null;
  const [order] = await db
    .select({ connectionId: orders.channelConnectionId, connectionName: channelConnections.name, kind: channelConnections.kind, reference: orders.channelReference })
    .from(orders)
    .innerJoin(channelConnections, eq(channelConnections.id, orders.channelConnectionId))
    .where(and(eq(orders.id, orderId), eq(orders.workspaceId, actor.workspaceId)));
  if (!order) return null;
  const work = await db
    .select({ action: channelOutbox.action, attempts: channelOutbox.attempts, lastError: channelOutbox.lastError, nextAttemptAt: channelOutbox.nextAttemptAt, doneAt: channelOutbox.doneAt, gaveUpAt: channelOutbox.gaveUpAt })
    .from(channelOutbox)
    .where(and(eq(channelOutbox.workspaceId, actor.workspaceId), eq(channelOutbox.orderId, orderId)))
    .orderBy(channelOutbox.createdAt);
  const documents = await db
    .select({ id: ediDocuments.id, type: ediDocuments.type, outbound: ediDocuments.outbound, interchangeControl: ediDocuments.interchangeControl, createdAt: ediDocuments.createdAt })
    .from(ediDocuments)
    .where(and(eq(ediDocuments.workspaceId, actor.workspaceId), eq(ediDocuments.orderId, orderId)))
    .orderBy(ediDocuments.createdAt);
  return { ...order, work, documents };
}
