import type { Database } from "../../../db/client";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { orderRef, type OrderRef } from "../orders/orderRef";
import { queueOrder } from "../orders/queueForFulfillment";
import { startPicking } from "./pickList";

/**
 * The board's "Allocated → In Fulfillment": queue the order and start picking its fulfillment,
 * as one command, so the floor never sees a queued order without its pick list.
 */
export async function releaseToPicking(db: Database, actor: Actor, raw: OrderRef) {
  assertCan(actor.role, "order.queue");
  assertCan(actor.role, "fulfillment.pick");
  const input = parseInput(orderRef, raw);
  return db.transaction(async (tx) => {
    const { order, fulfillment } = await queueOrder(tx, actor, input);
    await startPicking(tx, actor, [fulfillment.id]);
    return order;
  });
}
