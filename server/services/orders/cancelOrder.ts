import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { accounts, fulfillments } from "../../../db/schema";
import { Forbidden } from "../../domain/errors";
import { FULFILLMENT_STATES, FULFILLMENT_TRANSITIONS } from "../../domain/fulfillmentLoop";
import { assertCan } from "../../domain/permissions";
import { transitionFulfillments } from "../fulfillment/lock";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { orderRef } from "./orderRef";
import { releaseOrderReservations } from "./reservations";
import { assertVersion, lockOrder } from "./scope";
import { assertOrderTransition, transitionOrder } from "./transition";
import { requiredText } from "../fields";

const CANCELLABLE_FULFILLMENT = FULFILLMENT_STATES.filter((s) => FULFILLMENT_TRANSITIONS[s].includes("CANCELLED"));

export const cancelOrderInput = orderRef.extend({ reason: requiredText(500).optional() });
export type CancelOrderInput = z.input<typeof cancelOrderInput>;

/**
 * Any state before shipment → CANCELLED: every reservation goes back to its position and open
 * fulfillments are cancelled. Cancelling a cancelled order is harmless: nothing is written.
 */
export async function cancelOrder(db: Database, actor: Actor, raw: CancelOrderInput) {
  assertCan(actor.role, "order.cancel");
  const input = parseInput(cancelOrderInput, raw);
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, actor, input.orderId);
    if (order.status === "CANCELLED") return order;
    assertVersion(order, input.version);
    assertOrderTransition(order, "CANCELLED");
    if (actor.role === "customer") {
      const [account] = await tx.select().from(accounts).where(eq(accounts.id, order.accountId!));
      if (!account?.mayCancelOrders) throw new Forbidden("customer", `cancel orders for ${account?.name ?? "this account"}`);
    }

    // Lock order: order, fulfillments, then positions (in releaseOrderReservations), as every
    // command does.
    const open = await tx
      .select()
      .from(fulfillments)
      .where(and(eq(fulfillments.orderId, order.id), inArray(fulfillments.status, CANCELLABLE_FULFILLMENT)))
      .orderBy(fulfillments.id)
      .for("update");
    const { released, events } = await releaseOrderReservations(tx, order);
    await transitionFulfillments(tx, actor, open, "CANCELLED", { payload: { orderNumber: order.number, reason: input.reason ?? null } });
    return transitionOrder(tx, actor, order, "CANCELLED", {
      payload: { released, reason: input.reason ?? null },
      changes: { cancelReason: input.reason ?? null },
      events,
    });
  });
}
