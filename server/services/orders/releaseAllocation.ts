import type { Database } from "../../../db/client";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { orderRef, type OrderRef } from "./orderRef";
import { releaseOrderReservations } from "./reservations";
import { assertVersion, lockOrder } from "./scope";
import { assertOrderTransition, transitionOrder } from "./transition";

/** ALLOCATED → RECEIVED: gives the reserved stock back; the order waits to be allocated again. */
export async function releaseAllocation(db: Database, actor: Actor, raw: OrderRef) {
  assertCan(actor.role, "order.release");
  const input = parseInput(orderRef, raw);
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, actor, input.orderId);
    assertVersion(order, input.version);
    assertOrderTransition(order, "RECEIVED");
    const { released, events } = await releaseOrderReservations(tx, order);
    return transitionOrder(tx, actor, order, "RECEIVED", { payload: { released }, events });
  });
}
