import { and, count, countDistinct, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { DbOrTx } from "../../db/client";
import { inventoryLedger, loopEvents, orders, shipments } from "../../db/schema";
import { addDays, instantOfWallTime, isoDateOf } from "../domain/dates";
import { countByKind } from "../domain/exceptions";
import { ORDER_STATES, type OrderState } from "../domain/orderLoop";
import { assertCan } from "../domain/permissions";
import type { Actor } from "./actor";
import { openExceptions } from "./exceptions";
import { isoDate } from "./fields";
import { parseInput } from "./input";
import { loadWorkspace } from "./workspace";

export const dailySummaryInput = z.object({
  /** The day, in the workspace's time zone; today there unless given. */
  date: isoDate.optional(),
});
export type DailySummaryInput = z.input<typeof dailySummaryInput>;

/** An order is open until it is delivered, closed or cancelled. */
const OPEN_STATES: OrderState[] = ORDER_STATES.filter((s) => !["DELIVERED", "CLOSED", "CANCELLED"].includes(s));

/**
 * One day of the loops in figures, for the morning stand-up or an agent's summary: how many
 * orders were received, allocated, shipped, delivered and cancelled that day (each order once per
 * milestone, however often it went back and forth), units shipped (the ledger's shipments),
 * and, as of now, open orders by status and open exceptions by kind, with those raised that day.
 */
export async function dailySummary(db: DbOrTx, actor: Actor, raw: DailySummaryInput = {}, now = new Date()) {
  assertCan(actor.role, "board.read");
  const input = parseInput(dailySummaryInput, raw);
  const { timeZone } = await loadWorkspace(db, actor);
  const date = input.date ?? isoDateOf(now, timeZone);
  const from = instantOfWallTime(`${date}T00:00`, timeZone);
  const to = instantOfWallTime(`${addDays(date, 1)}T00:00`, timeZone);
  const ws = actor.workspaceId;
  const within = (column: AnyPgColumn) => and(gte(column, from), lt(column, to));

  const reached = (state: OrderState) =>
    db
      .select({ n: countDistinct(loopEvents.subjectId) })
      .from(loopEvents)
      .where(and(eq(loopEvents.workspaceId, ws), eq(loopEvents.subjectType, "order"), eq(loopEvents.toState, state), within(loopEvents.occurredAt)));
  const [[received], [allocated], [shipped], [delivered], [cancelled], [units], open, exceptions] = await Promise.all([
    db.select({ n: count() }).from(orders).where(and(eq(orders.workspaceId, ws), within(orders.receivedAt))),
    reached("ALLOCATED"),
    db.select({ n: countDistinct(shipments.orderId) }).from(shipments).where(and(eq(shipments.workspaceId, ws), within(shipments.dispatchedAt))),
    reached("DELIVERED"),
    reached("CANCELLED"),
    db
      .select({ n: sql<number>`coalesce(-sum(${inventoryLedger.quantity}), 0)::int` })
      .from(inventoryLedger)
      .where(and(eq(inventoryLedger.workspaceId, ws), eq(inventoryLedger.kind, "SHIPMENT"), within(inventoryLedger.createdAt))),
    db
      .select({ status: orders.status, n: count() })
      .from(orders)
      .where(and(eq(orders.workspaceId, ws), inArray(orders.status, OPEN_STATES)))
      .groupBy(orders.status),
    openExceptions(db, actor, undefined, now),
  ]);
  return {
    date,
    timeZone,
    from,
    to,
    orders: { received: received?.n ?? 0, allocated: allocated?.n ?? 0, shipped: shipped?.n ?? 0, delivered: delivered?.n ?? 0, cancelled: cancelled?.n ?? 0 },
    unitsShipped: units?.n ?? 0,
    /** As of now, whatever the day asked: every open status, zero when none. */
    openOrdersByStatus: Object.fromEntries(OPEN_STATES.map((s) => [s, open.find((o) => o.status === s)?.n ?? 0])) as Partial<Record<OrderState, number>>,
    exceptions: {
      /** Open now, by kind. */
      open: countByKind(exceptions),
      /** Of those, the ones that began that day. */
      raisedThatDay: countByKind(exceptions.filter((e) => e.since >= from && e.since < to)),
    },
  };
}
