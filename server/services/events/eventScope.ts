import { and, eq, inArray, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { fulfillments, loopEvents, orders } from "../../../db/schema";
import type { Actor } from "../actor";
import { orderScope } from "../orders/scope";

/**
 * The loop events an actor may read: staff, all of their workspace's; a customer, only those
 * of their account's orders and of those orders' fulfillments (never stock, lots or admin
 * changes). Built on `orderScope`, so the feed and the order pages agree on what is theirs.
 */
export function loopEventScope(db: DbOrTx, actor: Actor): SQL {
  const inWorkspace = eq(loopEvents.workspaceId, actor.workspaceId);
  if (actor.role !== "customer") return inWorkspace;
  const theirOrders = db.select({ id: orders.id }).from(orders).where(orderScope(actor));
  const theirFulfillments = db.select({ id: fulfillments.id }).from(fulfillments).innerJoin(orders, eq(orders.id, fulfillments.orderId)).where(orderScope(actor));
  return and(
    inWorkspace,
    or(
      and(eq(loopEvents.subjectType, "order"), inArray(loopEvents.subjectId, theirOrders)),
      and(eq(loopEvents.subjectType, "fulfillment"), inArray(loopEvents.subjectId, theirFulfillments)),
    ),
  )!;
}
