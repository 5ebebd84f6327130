import { and, eq } from "drizzle-orm";
import type { Database, Tx } from "../../../db/client";
import { carriers, carrierWebhookReceipts, shipments } from "../../../db/schema";
import type { ShipmentStatus } from "../../domain/shipping";
import { BadInput } from "../../domain/errors";
import { trackingMoveAllowed, trackingTimeIssue } from "../../domain/tracking";
import type { Actor } from "../actor";
import { recordEvents } from "../events";
import { deliverFulfillment } from "../fulfillment/confirmDelivery";
import { lockFulfillment } from "../fulfillment/lock";

export interface TrackingUpdate {
  /** The carrier's id for this delivery of the webhook: replays carry the same one. */
  deliveryId: string;
  trackingNumber: string;
  status: ShipmentStatus;
  occurredAt: Date;
  signer?: string;
  description?: string;
}

export type TrackingOutcome = "applied" | "duplicate" | "unknown_tracking" | "stale";

const EVENT_FOR: Record<Exclude<ShipmentStatus, "DELIVERED">, string> = {
  IN_TRANSIT: "scm.shipment.in_transit",
  OUT_FOR_DELIVERY: "scm.shipment.out_for_delivery",
  FAILURE: "scm.shipment.failed",
};

/** The carrier a webhook address names, with the secret its signature is checked against; null when unknown. */
export async function carrierForWebhook(db: Database, carrierId: string): Promise<typeof carriers.$inferSelect | null> {
  const [carrier] = await db.select().from(carriers).where(eq(carriers.id, carrierId));
  return carrier ?? null;
}

/**
 * Applies one carrier tracking event, at least once-safe: a replayed delivery is recognised, an
 * unknown tracking number is acknowledged and ignored, and a shipment never moves backwards.
 * Delivered closes the fulfillment (and the order) exactly as a person's confirmation does.
 * An event dated before the shipment left or in the future is refused (BadInput on occurredAt),
 * and its receipt rolled back with it: the carrier's corrected retry is not taken for a replay.
 */
export async function applyTrackingUpdate(db: Database, carrier: typeof carriers.$inferSelect, update: TrackingUpdate): Promise<TrackingOutcome> {
  const actor: Actor = { userId: null, workspaceId: carrier.workspaceId, role: "operator", accountId: null, label: `${carrier.name} tracking` };
  return db.transaction(async (tx) => {
    // The fulfillment is locked before anything is written: this transaction's id (the order
    // the events feed and webhooks serve it in) then comes after every earlier command on it.
    const target = await lockTarget(tx, actor, carrier, update.trackingNumber);
    const [receipt] = await tx
      .insert(carrierWebhookReceipts)
      .values({ workspaceId: carrier.workspaceId, carrierId: carrier.id, deliveryId: update.deliveryId, trackingNumber: update.trackingNumber, outcome: "received" })
      .onConflictDoNothing({ target: [carrierWebhookReceipts.carrierId, carrierWebhookReceipts.deliveryId] })
      .returning({ id: carrierWebhookReceipts.id });
    if (!receipt) return "duplicate";
    const outcome = target ? await apply(tx, actor, target, update) : "unknown_tracking";
    await tx.update(carrierWebhookReceipts).set({ outcome }).where(eq(carrierWebhookReceipts.id, receipt.id));
    return outcome;
  });
}

/** The shipment's fulfillment and order, locked; null for a tracking number we never shipped. */
async function lockTarget(tx: Tx, actor: Actor, carrier: typeof carriers.$inferSelect, trackingNumber: string) {
  const [found] = await tx
    .select({ fulfillmentId: shipments.fulfillmentId })
    .from(shipments)
    .where(and(eq(shipments.carrierId, carrier.id), eq(shipments.trackingNumber, trackingNumber)));
  if (!found) return null;
  const { order, fulfillment } = await lockFulfillment(tx, actor, found.fulfillmentId, null);
  const [shipment] = await tx.select().from(shipments).where(and(eq(shipments.carrierId, carrier.id), eq(shipments.trackingNumber, trackingNumber))).for("update");
  return { order, fulfillment, shipment: shipment! };
}

async function apply(tx: Tx, actor: Actor, { order, fulfillment, shipment }: NonNullable<Awaited<ReturnType<typeof lockTarget>>>, update: TrackingUpdate): Promise<TrackingOutcome> {
  const timeIssue = trackingTimeIssue(update.occurredAt, shipment.dispatchedAt, new Date());
  if (timeIssue) throw BadInput.field("occurredAt", timeIssue);
  if (!trackingMoveAllowed(shipment.status, update.status)) return "stale";

  if (update.status === "DELIVERED") {
    await deliverFulfillment(tx, actor, order, fulfillment, { source: "carrier", carrierEvent: update.deliveryId, ...(update.signer ? { signer: update.signer } : {}) }, update.occurredAt);
    return "applied";
  }
  await tx.update(shipments).set({ status: update.status }).where(eq(shipments.id, shipment.id));
  await recordEvents(tx, actor, [
    {
      type: EVENT_FOR[update.status],
      subjectType: "fulfillment",
      subjectId: fulfillment.id,
      fromState: shipment.status,
      toState: update.status,
      payload: { number: fulfillment.number, trackingNumber: update.trackingNumber, carrierEvent: update.deliveryId, description: update.description ?? null, occurredAt: update.occurredAt.toISOString() },
    },
  ]);
  return "applied";
}
