import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { orders } from "../../../db/schema";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { allocateOrders, type AllocationResult } from "./allocateOrder";
import { boardFilters, boardWhere, type BoardFilters } from "./board";

/** "Allocate all" takes at most this many orders per press; the rest wait for the next press. */
export const ALLOCATE_ALL_MAX = 2000;
/** Orders per transaction: big enough to be set-based, small enough to hold locks briefly. */
const BATCH = 100;
/** Refusals listed in the answer; the count covers them all. */
const REFUSALS_LISTED = 50;

/**
 * The board's filters and nothing else: a mistyped filter (`custmer`) would otherwise be dropped
 * silently and widen "Allocate all" to every received order of the workspace.
 */
export const allocateReceivedInput = z.strictObject(boardFilters.shape);

/**
 * "Allocate all" on the Received lane: every received order the board shows under these
 * filters, oldest first, in batches (each its own transaction under the fairness rule). Each
 * order's outcome is its own; the answer counts them and lists the refusals with their reasons.
 */
export async function allocateReceived(db: Database, actor: Actor, raw: Partial<BoardFilters> = {}) {
  assertCan(actor.role, "order.allocate");
  const filters = parseInput(allocateReceivedInput, raw);
  const waiting = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(boardWhere(db, actor, filters), eq(orders.status, "RECEIVED")))
    .orderBy(asc(orders.receivedAt), asc(orders.number))
    .limit(ALLOCATE_ALL_MAX + 1);
  const taken = waiting.slice(0, ALLOCATE_ALL_MAX);
  const results: AllocationResult[] = [];
  for (let i = 0; i < taken.length; i += BATCH) {
    results.push(...(await allocateOrders(db, actor, { orders: taken.slice(i, i + BATCH).map((o) => ({ orderId: o.id })) })));
  }
  const refused = results.filter((r) => !r.allocated);
  return {
    considered: taken.length,
    allocated: results.length - refused.length,
    withBackorder: results.filter((r) => r.allocated && r.backordered.length > 0).length,
    refusedCount: refused.length,
    refused: refused.slice(0, REFUSALS_LISTED).map((r) => ({ orderId: r.orderId, number: r.number, code: r.error.code, message: r.error.message })),
    /** More were waiting than one press takes. */
    more: waiting.length > ALLOCATE_ALL_MAX,
  };
}
