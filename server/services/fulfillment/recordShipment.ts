import { and, count, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { fulfillmentLines, inventoryLedger, loopEvents, lots, orderLines, packages, products, reservations, shipments } from "../../../db/schema";
import { addDays, isoDateOf } from "../../domain/dates";
import { BadInput, LotNotUsable } from "../../domain/errors";
import { lotsShipped, lotUsability, usabilityDate } from "../../domain/lots";
import { reportedTimeIssue } from "../../domain/tracking";
import { invoiceDueOn, invoiceNumber } from "../../domain/commercial";
import { lineAmount } from "../../domain/money";
import { trackingUrl } from "../../domain/shipping";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { recordChannelWork } from "../channels/outbox";
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
      .select({ id: reservations.id, positionId: reservations.positionId, orderLineId: reservations.orderLineId, quantity: reservations.pickedQty, lot: lotFacts, sku: products.sku, minShelfLifeDays: products.minShelfLifeDays })
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
    // Everything a consumer of the event (webhook, feed) needs without calling back.
    await transitionFulfillment(tx, actor, fulfillment, "SHIPPED", {
      payload: {
        carrier: quote.carrier.code,
        carrierName: quote.carrier.name,
        service: quote.service.code,
        serviceName: quote.service.name,
        trackingNumber: input.trackingNumber,
        trackingUrl: trackingUrl(quote.carrier.trackingUrlTemplate, input.trackingNumber),
        costMinor: quote.costMinor,
        currency: quote.currency,
        estimatedDeliveryOn: shipment!.estimatedDeliveryOn,
        units: shippedUnits,
        packages: boxes.map((b) => ({ weightGrams: b.weightGrams, lengthMm: b.lengthMm, widthMm: b.widthMm, heightMm: b.heightMm })),
        lotsShipped: lotsShipped(picked.map((r) => ({ sku: r.sku, lotCode: r.lot.code, expiresOn: r.lot.expiresOn, quantity: r.quantity }))),
      },
    });

    const lines = await tx.select({ id: orderLines.id, sku: products.sku, name: products.name, unitPriceMinor: orderLines.unitPriceMinor, backorderedQty: orderLines.backorderedQty }).from(orderLines).innerJoin(products, eq(products.id, orderLines.productId)).where(eq(orderLines.orderId, order.id));
    const backorderOpen = lines.some((l) => l.backorderedQty > 0);
    const events: LoopEventInput[] = [];
    if (order.accountId) {
      const invoiced = lines.filter((l) => perLine.has(l.id)).map((l) => ({ sku: l.sku, name: l.name, quantity: perLine.get(l.id)!, unitPriceMinor: l.unitPriceMinor, amountMinor: lineAmount(perLine.get(l.id)!, l.unitPriceMinor) }));
      const [earlier] = await tx.select({ n: count() }).from(loopEvents).where(and(eq(loopEvents.workspaceId, actor.workspaceId), eq(loopEvents.subjectId, order.id), eq(loopEvents.type, "finance.invoice.issued")));
      const issuedOn = isoDateOf(dispatchedAt, ws.timeZone);
      events.push({
        type: "finance.invoice.issued",
        subjectType: "order",
        subjectId: order.id,
        payload: {
          number: order.number,
          invoiceNumber: invoiceNumber(order.number, earlier!.n + 1),
          buyerPo: order.buyerPo,
          paymentTerms: order.paymentTerms,
          issuedOn,
          dueOn: invoiceDueOn(issuedOn, order.paymentTerms),
          lines: invoiced,
          amountMinor: invoiced.reduce((n, l) => n + l.amountMinor, 0),
          currency: order.currency,
          shipment: input.trackingNumber,
        },
      });
    }
    await recordChannelWork(tx, order, fulfillment.id);
    await transitionOrder(tx, actor, order, backorderOpen ? "PARTIALLY_SHIPPED" : "SHIPPED", { payload: { trackingNumber: input.trackingNumber, units: shippedUnits }, events });
    return shipment!;
  });
}

