import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../db/client";
import { carriers, channelConnections, channelOutbox, fulfillments, intakeMessages, lots, loopEvents, orderLines, orders, products, reservations, shipments } from "../../db/schema";
import { addDays, instantOfWallTime, isoDateOf } from "../domain/dates";
import { countByKind, INTAKE_STUCK_AFTER_MS, type ExceptionKind } from "../domain/exceptions";
import { lotUsability, usabilityDate } from "../domain/lots";
import { assertCan } from "../domain/permissions";
import type { Actor } from "./actor";
import { wholeNumber } from "./fields";
import { parseInput } from "./input";
import { loadWorkspace } from "./workspace";

export const listExceptionsInput = z.object({
  /** Only exceptions that began at or after this time (ISO, with offset). */
  since: z.iso.datetime({ offset: true, message: "must be a time like 2026-11-23T08:00:00Z" }).optional(),
  limit: wholeNumber(1, 200).default(100),
});
export type ListExceptionsInput = z.input<typeof listExceptionsInput>;

export interface ExceptionRow {
  kind: ExceptionKind;
  /** What a person looks up: a fulfillment number, `SKU / lot`, a tracking number's fulfillment, an intake message id. */
  subject: string;
  /** The order it holds up, when there is one. */
  orderNumber: string | null;
  /** What went wrong, in the words the app uses on the timeline. */
  detail: string;
  /** When it began: the event that raised it, or the message's or the job's time. */
  since: Date;
}

/** Rows read per source: a workspace with more open problems than this has a bigger problem than this list. */
const PER_SOURCE = 1_000;

/**
 * What needs a person now, oldest first (the longest-waiting on top), with the count per kind of
 * everything open (not only the page). Staff only: these are the warehouse's and the channels'
 * problems, not a buyer's.
 */
export async function listExceptions(db: DbOrTx, actor: Actor, raw: ListExceptionsInput = {}) {
  assertCan(actor.role, "exception.read");
  const input = parseInput(listExceptionsInput, raw);
  const all = await openExceptions(db, actor, input.since ? new Date(input.since) : undefined);
  return { rows: all.slice(0, input.limit), total: all.length, counts: countByKind(all) };
}

/** Every open exception (since `since`, when given), oldest first: for the list and the daily summary. */
export async function openExceptions(db: DbOrTx, actor: Actor, since?: Date, now = new Date()): Promise<ExceptionRow[]> {
  assertCan(actor.role, "exception.read");
  const sources = await Promise.all([fulfillmentExceptions(db, actor), unusableLots(db, actor, now), failedDeliveries(db, actor), intakeProblems(db, actor, now), failingChannelWork(db, actor)]);
  return sources
    .flat()
    .filter((row) => !since || row.since >= since)
    .sort((a, b) => a.since.getTime() - b.since.getTime() || a.kind.localeCompare(b.kind) || a.subject.localeCompare(b.subject));
}

/** Fulfillments stuck in EXCEPTION, with the reason of the event that put them there. */
async function fulfillmentExceptions(db: DbOrTx, actor: Actor): Promise<ExceptionRow[]> {
  const stuck = await db
    .select({ id: fulfillments.id, number: fulfillments.number, orderNumber: orders.number })
    .from(fulfillments)
    .innerJoin(orders, eq(orders.id, fulfillments.orderId))
    .where(and(eq(fulfillments.workspaceId, actor.workspaceId), eq(fulfillments.status, "EXCEPTION")))
    .limit(PER_SOURCE);
  if (!stuck.length) return [];
  const events = await db
    .select({ subjectId: loopEvents.subjectId, payload: loopEvents.payload, occurredAt: loopEvents.occurredAt })
    .from(loopEvents)
    .where(and(eq(loopEvents.workspaceId, actor.workspaceId), inArray(loopEvents.subjectId, stuck.map((f) => f.id)), eq(loopEvents.toState, "EXCEPTION")))
    .orderBy(desc(loopEvents.seq));
  return stuck.map((f) => {
    const raised = events.find((e) => e.subjectId === f.id);
    const payload = (raised?.payload ?? {}) as { reason?: string; shortage?: unknown };
    const short = payload.reason === "short pick";
    return {
      kind: short ? "SHORT_PICK" : "LOT_UNUSABLE",
      subject: f.number,
      orderNumber: f.orderNumber,
      detail: `${payload.reason ?? "exception"}: ${shortageText(payload.shortage)}`,
      since: raised?.occurredAt ?? new Date(0),
    } satisfies ExceptionRow;
  });
}

function shortageText(shortage: unknown): string {
  const items = (Array.isArray(shortage) ? shortage : shortage ? [shortage] : []) as Record<string, unknown>[];
  if (!items.length) return "see the fulfillment's timeline";
  return items
    .map((s) => (s.expected !== undefined ? `${String(s.sku)} lot ${String(s.lot)} in ${String(s.bin)}: found ${String(s.found)} of ${String(s.expected)}` : `${String(s.sku)} short ${String(s.short)}`))
    .join("; ");
}

/**
 * Lots under ACTIVE reservations (units not yet picked) that the one lot rule now refuses: QC
 * not released, or too close to expiry for the order's ship date. The next pick list moves what
 * it can to other lots; until then (and for what it cannot) someone has to decide.
 */
async function unusableLots(db: DbOrTx, actor: Actor, now: Date): Promise<ExceptionRow[]> {
  const held = await db
    .select({
      lotId: lots.id,
      lot: { id: lots.id, code: lots.code, expiresOn: lots.expiresOn, receivedOn: lots.receivedOn, qcStatus: lots.qcStatus },
      sku: products.sku,
      minShelfLifeDays: products.minShelfLifeDays,
      plannedShipDate: orders.plannedShipDate,
      orderNumber: orders.number,
      units: sql<number>`(${reservations.quantity} - ${reservations.pickedQty})::int`,
      reservedAt: reservations.createdAt,
    })
    .from(reservations)
    .innerJoin(lots, eq(lots.id, reservations.lotId))
    .innerJoin(orderLines, eq(orderLines.id, reservations.orderLineId))
    .innerJoin(products, eq(products.id, orderLines.productId))
    .innerJoin(orders, eq(orders.id, reservations.orderId))
    // Only lots that may be refused: not released, or expiring. A released lot without expiry is always usable.
    .where(and(eq(reservations.workspaceId, actor.workspaceId), eq(reservations.status, "ACTIVE"), gt(reservations.quantity, reservations.pickedQty), or(sql`${lots.qcStatus} <> 'RELEASED'`, isNotNull(lots.expiresOn))))
    .orderBy(asc(reservations.createdAt))
    .limit(PER_SOURCE * 10);
  if (!held.length) return [];
  const { timeZone } = await loadWorkspace(db, actor);
  const today = isoDateOf(now, timeZone);
  const perLot = new Map<string, { sku: string; code: string; reason: string; units: number; orders: Set<string>; reservedAt: Date; lot: (typeof held)[number]["lot"]; minShelfLifeDays: number }>();
  for (const h of held) {
    const usability = lotUsability(h.lot, usabilityDate(h.plannedShipDate, today), h.minShelfLifeDays);
    if (usability.usable) continue;
    const seen = perLot.get(h.lotId) ?? { sku: h.sku, code: h.lot.code, reason: usability.reason, units: 0, orders: new Set<string>(), reservedAt: h.reservedAt, lot: h.lot, minShelfLifeDays: h.minShelfLifeDays };
    seen.units += h.units;
    seen.orders.add(h.orderNumber);
    perLot.set(h.lotId, seen);
  }
  if (!perLot.size) return [];
  const qcChanges = await db
    .select({ subjectId: loopEvents.subjectId, occurredAt: loopEvents.occurredAt })
    .from(loopEvents)
    .where(and(eq(loopEvents.workspaceId, actor.workspaceId), eq(loopEvents.type, "scm.lot.qc_changed"), inArray(loopEvents.subjectId, [...perLot.keys()])))
    .orderBy(desc(loopEvents.seq));
  return [...perLot.entries()].slice(0, PER_SOURCE).map(([lotId, l]) => {
    const orderNumbers = [...l.orders].sort();
    return {
      kind: "LOT_UNUSABLE",
      subject: `${l.sku} / ${l.code}`,
      orderNumber: orderNumbers.length === 1 ? orderNumbers[0]! : null,
      detail: `${l.reason}; ${l.units} unpicked units still reserved on it for ${orderNumbers.join(", ")}`,
      since: unusableSince(l, qcChanges.find((e) => e.subjectId === lotId)?.occurredAt, timeZone, now),
    } satisfies ExceptionRow;
  });
}

/**
 * When a lot became unusable for its reservations: the QC change that took it out of RELEASED,
 * or the first day the shelf-life rule refuses it (expiry minus the minimum shelf life), never
 * before the units were reserved (they were usable then) nor after now.
 */
function unusableSince(l: { lot: { qcStatus: string; expiresOn: string | null }; minShelfLifeDays: number; reservedAt: Date }, qcChangedAt: Date | undefined, timeZone: string, now: Date): Date {
  if (l.lot.qcStatus !== "RELEASED") return qcChangedAt ?? l.reservedAt;
  const refusedFrom = instantOfWallTime(`${addDays(l.lot.expiresOn!, -l.minShelfLifeDays)}T00:00`, timeZone);
  return new Date(Math.min(now.getTime(), Math.max(l.reservedAt.getTime(), refusedFrom.getTime())));
}

/** Shipments the carrier reports as failed, since the latest failure event. */
async function failedDeliveries(db: DbOrTx, actor: Actor): Promise<ExceptionRow[]> {
  const failed = await db
    .select({ fulfillmentId: shipments.fulfillmentId, fulfillmentNumber: fulfillments.number, orderNumber: orders.number, carrier: carriers.name, trackingNumber: shipments.trackingNumber, dispatchedAt: shipments.dispatchedAt })
    .from(shipments)
    .innerJoin(fulfillments, eq(fulfillments.id, shipments.fulfillmentId))
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .innerJoin(carriers, eq(carriers.id, shipments.carrierId))
    .where(and(eq(shipments.workspaceId, actor.workspaceId), eq(shipments.status, "FAILURE")))
    .limit(PER_SOURCE);
  if (!failed.length) return [];
  const events = await db
    .select({ subjectId: loopEvents.subjectId, payload: loopEvents.payload, occurredAt: loopEvents.occurredAt })
    .from(loopEvents)
    .where(and(eq(loopEvents.workspaceId, actor.workspaceId), eq(loopEvents.type, "scm.shipment.failed"), inArray(loopEvents.subjectId, failed.map((f) => f.fulfillmentId))))
    .orderBy(desc(loopEvents.seq));
  return failed.map((f) => {
    const event = events.find((e) => e.subjectId === f.fulfillmentId && (e.payload as { trackingNumber?: string }).trackingNumber === f.trackingNumber);
    const description = (event?.payload as { description?: string | null } | undefined)?.description;
    return {
      kind: "DELIVERY_FAILED",
      subject: f.fulfillmentNumber,
      orderNumber: f.orderNumber,
      detail: `${f.carrier} ${f.trackingNumber}: delivery failed${description ? ` (${description})` : ""}`,
      since: event?.occurredAt ?? f.dispatchedAt,
    } satisfies ExceptionRow;
  });
}

/** Channel messages refused (whole or in part), and messages nobody processed in time. */
async function intakeProblems(db: DbOrTx, actor: Actor, now: Date): Promise<ExceptionRow[]> {
  const stuckBefore = new Date(now.getTime() - INTAKE_STUCK_AFTER_MS);
  const rows = await db
    .select({ id: intakeMessages.id, status: intakeMessages.status, topic: intakeMessages.topic, outcomes: intakeMessages.outcomes, attempts: intakeMessages.attempts, receivedAt: intakeMessages.receivedAt, processedAt: intakeMessages.processedAt, connectionName: channelConnections.name })
    .from(intakeMessages)
    .innerJoin(channelConnections, eq(channelConnections.id, intakeMessages.connectionId))
    .where(
      and(
        eq(intakeMessages.workspaceId, actor.workspaceId),
        or(inArray(intakeMessages.status, ["REJECTED", "PARTIAL"]), and(eq(intakeMessages.status, "RECEIVED"), lt(intakeMessages.receivedAt, stuckBefore))),
      ),
    )
    .orderBy(asc(intakeMessages.receivedAt))
    .limit(PER_SOURCE);
  return rows.map((m) => {
    if (m.status === "RECEIVED") {
      return { kind: "INTAKE_STUCK", subject: m.id, orderNumber: null, detail: `${m.connectionName} ${m.topic}: received, not processed after ${m.attempts} attempts`, since: m.receivedAt } satisfies ExceptionRow;
    }
    const refused = m.outcomes.filter((o) => o.status === "REJECTED");
    const why = refused.map((o) => `${o.reference ?? "message"}: ${o.reasons.join("; ")}`).join(" | ");
    const made = m.outcomes.filter((o) => o.orderNumber).map((o) => o.orderNumber!);
    return {
      kind: "INTAKE_REJECTED",
      subject: m.id,
      orderNumber: made.length === 1 ? made[0]! : null,
      detail: `${m.connectionName} ${m.topic} ${m.status === "PARTIAL" ? "partly rejected" : "rejected"}: ${why}`,
      since: m.processedAt ?? m.receivedAt,
    } satisfies ExceptionRow;
  });
}

/** Work owed to a channel (tracking, 856, 810) whose last attempt failed and that is still not done. */
async function failingChannelWork(db: DbOrTx, actor: Actor): Promise<ExceptionRow[]> {
  const rows = await db
    .select({ action: channelOutbox.action, attempts: channelOutbox.attempts, lastError: channelOutbox.lastError, nextAttemptAt: channelOutbox.nextAttemptAt, createdAt: channelOutbox.createdAt, connectionName: channelConnections.name, fulfillmentNumber: fulfillments.number, orderNumber: orders.number })
    .from(channelOutbox)
    .innerJoin(channelConnections, eq(channelConnections.id, channelOutbox.connectionId))
    .innerJoin(fulfillments, eq(fulfillments.id, channelOutbox.fulfillmentId))
    .innerJoin(orders, eq(orders.id, channelOutbox.orderId))
    .where(and(eq(channelOutbox.workspaceId, actor.workspaceId), isNull(channelOutbox.doneAt), isNotNull(channelOutbox.lastError)))
    .orderBy(asc(channelOutbox.createdAt))
    .limit(PER_SOURCE);
  return rows.map(
    (r) =>
      ({
        kind: "CHANNEL_SEND_FAILING",
        subject: r.fulfillmentNumber,
        orderNumber: r.orderNumber,
        detail: `${r.action} to ${r.connectionName} failed ${r.attempts} time${r.attempts === 1 ? "" : "s"}: ${r.lastError}; next attempt ${r.nextAttemptAt.toISOString()}`,
        since: r.createdAt,
      }) satisfies ExceptionRow,
  );
}
