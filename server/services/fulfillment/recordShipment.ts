import { and, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { fulfillmentLines, inventoryLedger, lots, orderLines, packages, products, reservations, shipments } from "../../../db/schema";
import { addDays, isoDateOf } from "../../domain/dates";
import { BadInput, LotNotUsable } from "../../domain/errors";
import { lotUsability, usabilityDate } from "../../domain/lots";
import { reportedTimeIssue } from "../../domain/tracking";
import { lineAmount } from "../../domain/money";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import type { LoopEventInput } from "../events";
import { parseInput } from "../input";
import { transitionOrder } from "../orders/transition";
import { lockPositionsInOrder, lotFacts, sumBy } from "../positions";
import { rowsTable } from "../rowsTable";
import { loadWorkspace } from "../workspace";
import { assertFulfillmentIn, fulfillmentRef, lockFulfillment, transitionFulfillment } from "./lock";
import { quoteRate } from "./rates";
import { codeText, instant, text } from "../fields";
import { MAX_CODE } from "../../domain/limits";

export const recordShipmentInput = fulfillmentRef.extend({
  carrierCode: codeText,
  serviceCode: codeText,
  trackingNumber: text(MAX_CODE).refine((s) => s.length >= 6, "looks too short"),
  dispatchedAt: instant.optional(),
});
export type RecordShipmentInput = z.input<typeof recordShipmentInput>;

/**
 * PACKED → SHIPPED, the irreversible step: the picked units leave on-hand (ledger SHIPMENT rows)
 * and their reservations are consumed; the shipment is costed from the carrier's rate table and
 * labelled; the order becomes SHIPPED, or PARTIALLY_SHIPPED while a backorder is open. A B2B
 * order is invoiced.
 */
export async function recordShipment(db: Database, actor: Actor, raw: RecordShipmentInput) {
  assertCan(actor.role, "fulfillment.ship");
  const input = parseInput(recordShipmentInput, raw);
  return db.transaction(async (tx) => {
    const { order, fulfillment } = await lockFulfillment(tx, actor, input.fulfillmentId, input.version);
    assertFulfillmentIn(fulfillment, ["PACKED"], "ship");

    const boxes = await tx.select().from(packages).where(eq(packages.fulfillmentId, fulfillment.id));
    const weightGrams = boxes.reduce((n, b) => n + b.weightGrams, 0);
    const quote = await quoteRate(tx, actor.workspaceId, input.carrierCode, input.serviceCode, order.shipTo, weightGrams);
    const [taken] = await tx
      .select({ id: shipments.id })
      .from(shipments)
      .where(and(eq(shipments.carrierId, quote.carrier.id), eq(shipments.trackingNumber, input.trackingNumber)));
    if (taken) throw BadInput.field("trackingNumber", `${quote.carrier.name} tracking number ${input.trackingNumber} is already on another shipment`);
    const ws = await loadWorkspace(tx, actor);
    const dispatchedAt = input.dispatchedAt ?? new Date();
    const timeIssue = reportedTimeIssue(dispatchedAt, { what: "fulfillment was packed", at: fulfillment.packedAt }, new Date());
    if (timeIssue) throw BadInput.field("dispatchedAt", timeIssue);

    // What leaves: the picked part of the order's active reservations.
    const picked = await tx
      .select({ id: reservations.id, positionId: reservations.positionId, orderLineId: reservations.orderLineId, quantity: reservations.pickedQty, lot: lotFacts, minShelfLifeDays: products.minShelfLifeDays })
      .from(reservations)
      .innerJoin(lots, eq(lots.id, reservations.lotId))
      .innerJoin(orderLines, eq(orderLines.id, reservations.orderLineId))
      .innerJoin(products, eq(products.id, orderLines.productId))
      .where(and(eq(reservations.orderId, order.id), eq(reservations.status, "ACTIVE"), gt(reservations.pickedQty, 0)));
    // Nothing leaves that went off, on hold or recalled between the pick and the truck.
    const shipsOn = usabilityDate(order.plannedShipDate, isoDateOf(new Date(), ws.timeZone));
    for (const r of picked) {
      const usability = lotUsability(r.lot, shipsOn, r.minShelfLifeDays);
      if (!usability.usable) throw new LotNotUsable(r.lot.code, usability.reason);
    }
    const perPosition = sumBy(picked, (r) => r.positionId, (r) => r.quantity);
    await lockPositionsInOrder(tx, [...perPosition.keys()]);
    const rows = rowsTable("v", { id: "uuid", quantity: "int" }, [...perPosition].map(([id, quantity]) => ({ id, quantity })));
    await tx.execute(sql`
      update inventory_positions p set on_hand = p.on_hand - v.quantity, reserved = p.reserved - v.quantity, updated_at = now()
      from ${rows} where p.id = v.id`);
    await tx.insert(inventoryLedger).values(
      [...perPosition].map(([positionId, quantity]) => ({ workspaceId: actor.workspaceId, positionId, kind: "SHIPMENT" as const, quantity: -quantity, reference: input.trackingNumber, actorId: actor.userId })),
    );
    await tx.update(reservations).set({ status: "CONSUMED", closedAt: sql`now()` }).where(and(eq(reservations.orderId, order.id), eq(reservations.status, "ACTIVE"), gt(reservations.pickedQty, 0)));
    const perLine = sumBy(picked, (r) => r.orderLineId, (r) => r.quantity);
    const lineRows = rowsTable("v", { id: "uuid", quantity: "int" }, [...perLine].map(([id, quantity]) => ({ id, quantity })));
    await tx.execute(sql`
      update order_lines l set shipped_qty = l.shipped_qty + v.quantity, allocated_qty = l.allocated_qty - v.quantity
      from ${lineRows} where l.id = v.id`);
    await tx.update(fulfillmentLines).set({ shippedQty: sql`${fulfillmentLines.pickedQty}` }).where(eq(fulfillmentLines.fulfillmentId, fulfillment.id));

    const [shipment] = await tx
      .insert(shipments)
      .values({
        workspaceId: actor.workspaceId,
        fulfillmentId: fulfillment.id,
        orderId: order.id,
        carrierId: quote.carrier.id,
        serviceId: quote.service.id,
        trackingNumber: input.trackingNumber,
        zone: quote.zone,
        weightGrams,
        costMinor: quote.costMinor,
        currency: quote.currency,
        label: { destination: order.shipTo, weightGrams, service: quote.service.name, carrier: quote.carrier.name, trackingNumber: input.trackingNumber },
        dispatchedAt,
        estimatedDeliveryOn: addDays(isoDateOf(dispatchedAt, ws.timeZone), quote.service.transitDays),
      })
      .returning();

    const shippedUnits = picked.reduce((n, r) => n + r.quantity, 0);
    await transitionFulfillment(tx, actor, fulfillment, "SHIPPED", {
      payload: { carrier: quote.carrier.code, service: quote.service.code, trackingNumber: input.trackingNumber, costMinor: quote.costMinor, currency: quote.currency, estimatedDeliveryOn: shipment!.estimatedDeliveryOn, units: shippedUnits },
    });

    const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order.id));
    const backorderOpen = lines.some((l) => l.backorderedQty > 0);
    const events: LoopEventInput[] = [];
    if (order.accountId) {
      const amountMinor = lines.reduce((n, l) => n + lineAmount(perLine.get(l.id) ?? 0, l.unitPriceMinor), 0);
      events.push({
        type: "finance.invoice.issued",
        subjectType: "order",
        subjectId: order.id,
        payload: { number: order.number, buyerPo: order.buyerPo, paymentTerms: order.paymentTerms, amountMinor, currency: order.currency, shipment: input.trackingNumber },
      });
    }
    await transitionOrder(tx, actor, order, backorderOpen ? "PARTIALLY_SHIPPED" : "SHIPPED", { payload: { trackingNumber: input.trackingNumber, units: shippedUnits }, events });
    return shipment!;
  });
}
