import { and, count, eq, gt } from "drizzle-orm";
import type { Database, Tx } from "../../../db/client";
import { fulfillmentLines, fulfillments, orderLines } from "../../../db/schema";
import { WrongState } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { orderRef, type OrderRef } from "./orderRef";
import { assertVersion, lockOrder } from "./scope";
import { assertOrderTransition, transitionOrder } from "./transition";

/** ALLOCATED → FULFILLMENT_QUEUED: opens a fulfillment (the execution loop) for the reserved lines. */
export async function queueForFulfillment(db: Database, actor: Actor, raw: OrderRef) {
  assertCan(actor.role, "order.queue");
  const input = parseInput(orderRef, raw);
  return db.transaction(async (tx) => (await queueOrder(tx, actor, input)).order);
}

/** The queueing itself, inside a caller's transaction: the order as it now is, and its new fulfillment. */
export async function queueOrder(tx: Tx, actor: Actor, input: OrderRef) {
  const order = await lockOrder(tx, actor, input.orderId);
  assertVersion(order, input.version);
  assertOrderTransition(order, "FULFILLMENT_QUEUED");

  const reserved = await tx
    .select()
    .from(orderLines)
    .where(and(eq(orderLines.orderId, order.id), gt(orderLines.allocatedQty, 0)))
    .orderBy(orderLines.lineNo);
  // Everything can end up backordered (a short pick shipped as found, then cancelled).
  if (reserved.length === 0) throw new WrongState(`Order ${order.number}`, "ALLOCATED with nothing reserved (all backordered)", "queue it for fulfillment", ["holding reserved stock"]);
  const [{ existing } = { existing: 0 }] = await tx.select({ existing: count() }).from(fulfillments).where(eq(fulfillments.orderId, order.id));
  const [fulfillment] = await tx
    .insert(fulfillments)
    .values({ workspaceId: actor.workspaceId, orderId: order.id, warehouseId: order.warehouseId, number: `${order.number}-F${existing + 1}` })
    .returning();
  await tx.insert(fulfillmentLines).values(
    reserved.map((l) => ({ workspaceId: actor.workspaceId, fulfillmentId: fulfillment!.id, orderLineId: l.id, productId: l.productId, quantity: l.allocatedQty })),
  );
  const queued = await transitionOrder(tx, actor, order, "FULFILLMENT_QUEUED", {
    payload: { fulfillment: fulfillment!.number },
    events: [
      {
        type: "scm.fulfillment.created",
        subjectType: "fulfillment",
        subjectId: fulfillment!.id,
        toState: "ALLOCATED",
        payload: { number: fulfillment!.number, orderId: order.id, orderNumber: order.number, lines: reserved.length },
      },
    ],
  });
  return { order: queued, fulfillment: fulfillment! };
}
