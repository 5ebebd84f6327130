import { and, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { orders } from "../../../db/schema";
import { NotFound, VersionConflict } from "../../domain/errors";
import type { Actor } from "../actor";

export type OrderRow = typeof orders.$inferSelect;

/**
 * The orders an actor may see: their workspace, and for a customer only their account's. Used
 * by every read and every command, so another tenant's order is simply "not found".
 */
export function orderScope(actor: Actor): SQL {
  const inWorkspace = eq(orders.workspaceId, actor.workspaceId);
  if (actor.role !== "customer") return inWorkspace;
  // A customer with no account sees nothing.
  return and(inWorkspace, actor.accountId ? eq(orders.accountId, actor.accountId) : sql`false`)!;
}

/** Orders whose number, customer, buyer PO or channel reference (#1001) contains the text: one search for the list and the board. */
export function orderSearch(text: string | undefined): SQL | undefined {
  if (!text) return undefined;
  // Literal text: a "%" or "_" the user typed is a character to find, not a wildcard.
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(ilike(orders.number, pattern), ilike(orders.customerName, pattern), ilike(orders.buyerPo, pattern), ilike(orders.channelReference, pattern));
}

/** Locks the order row for the rest of the transaction: commands on one order run one at a time. */
export async function lockOrder(tx: DbOrTx, actor: Actor, orderId: string): Promise<OrderRow> {
  const [order] = await tx.select().from(orders).where(and(eq(orders.id, orderId), orderScope(actor))).for("update");
  if (!order) throw new NotFound("Order", orderId);
  return order;
}

/** No expected version: the caller acts on whatever version is current (the row is locked). */
export function assertVersion(order: OrderRow, expected: number | undefined): void {
  if (expected !== undefined && order.version !== expected) {
    throw new VersionConflict(`Order ${order.number}`, expected, order.version, order.status);
  }
}
