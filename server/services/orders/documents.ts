import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../../db/client";
import { accounts, fulfillmentLines, fulfillments, lots, loopEvents, orderLines, orders, packages, picks, products, shipments } from "../../../db/schema";
import { PAYMENT_TERM_DAYS } from "../../domain/commercial";
import { addDays, isoDateOf } from "../../domain/dates";
import { NotFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import { lineAmount } from "../../domain/money";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { loadWorkspace } from "../workspace";
import { orderScope } from "./scope";

/**
 * An order's documents as they exist: a packing slip for each fulfillment once packed (what is
 * in the boxes, with lots), and for a B2B order an invoice for each shipment, as issued when it
 * shipped. The order's customer sees them in the portal; staff see them with the order.
 */
export async function orderDocuments(db: DbOrTx, actor: Actor, orderId: string) {
  assertCan(actor.role, "order.read");
  const id = parseInput(z.uuid("must be an order id"), orderId);
  const [head] = await db
    .select({ order: orders, accountName: accounts.name })
    .from(orders)
    .leftJoin(accounts, eq(accounts.id, orders.accountId))
    .where(and(eq(orders.id, id), orderScope(actor)));
  if (!head) throw new NotFound("Order", id);
  const { order } = head;

  const packed = await db
    .select({ id: fulfillments.id, number: fulfillments.number, status: fulfillments.status })
    .from(fulfillments)
    .where(and(eq(fulfillments.orderId, id), inArray(fulfillments.status, ["PACKED", "SHIPPED", "DELIVERED", "CLOSED"])))
    .orderBy(asc(fulfillments.createdAt));
  const packedIds = packed.map((f) => f.id);
  const [lines, lotsPicked, boxes, shipped, invoiceEvents, workspace] = await Promise.all([
    db
      .select({ fulfillmentId: fulfillmentLines.fulfillmentId, lineNo: orderLines.lineNo, sku: products.sku, name: products.name, quantity: fulfillmentLines.pickedQty, shippedQty: fulfillmentLines.shippedQty, unitPriceMinor: orderLines.unitPriceMinor })
      .from(fulfillmentLines)
      .innerJoin(orderLines, eq(orderLines.id, fulfillmentLines.orderLineId))
      .innerJoin(products, eq(products.id, fulfillmentLines.productId))
      .where(inArray(fulfillmentLines.fulfillmentId, packedIds))
      .orderBy(asc(orderLines.lineNo)),
    db.selectDistinct({ fulfillmentId: picks.fulfillmentId, sku: products.sku, lotCode: lots.code, expiresOn: lots.expiresOn }).from(picks).innerJoin(lots, eq(lots.id, picks.lotId)).innerJoin(products, eq(products.id, lots.productId)).where(inArray(picks.fulfillmentId, packedIds)),
    db.select({ fulfillmentId: packages.fulfillmentId, weightGrams: packages.weightGrams }).from(packages).where(inArray(packages.fulfillmentId, packedIds)),
    db.select({ fulfillmentId: shipments.fulfillmentId, trackingNumber: shipments.trackingNumber, dispatchedAt: shipments.dispatchedAt }).from(shipments).where(eq(shipments.orderId, id)),
    db.select().from(loopEvents).where(and(eq(loopEvents.workspaceId, actor.workspaceId), eq(loopEvents.subjectId, id), eq(loopEvents.type, "finance.invoice.issued"))).orderBy(asc(loopEvents.seq)),
    loadWorkspace(db, actor),
  ]);

  const packingSlips = packed.map((f) => ({
    fulfillmentNumber: f.number,
    status: f.status,
    shipment: shipped.find((s) => s.fulfillmentId === f.id) ?? null,
    packages: boxes.filter((b) => b.fulfillmentId === f.id).length,
    weightGrams: boxes.filter((b) => b.fulfillmentId === f.id).reduce((n, b) => n + b.weightGrams, 0),
    lines: lines.filter((l) => l.fulfillmentId === f.id && l.quantity > 0).map((l) => ({ ...l, lots: lotsPicked.filter((p) => p.fulfillmentId === f.id && p.sku === l.sku) })),
  }));

  const invoices = invoiceEvents.map((event, i) => {
    const payload = event.payload as { amountMinor: number; currency: string; shipment: string };
    const shipment = shipped.find((s) => s.trackingNumber === payload.shipment);
    const issuedOn = isoDateOf(event.occurredAt, workspace.timeZone);
    return {
      number: `INV-${order.number}-${i + 1}`,
      issuedOn,
      dueOn: addDays(issuedOn, order.paymentTerms ? PAYMENT_TERM_DAYS[order.paymentTerms] : 0),
      trackingNumber: payload.shipment,
      amountMinor: payload.amountMinor,
      currency: payload.currency,
      lines: lines.filter((l) => l.fulfillmentId === shipment?.fulfillmentId && l.shippedQty > 0).map((l) => ({ sku: l.sku, name: l.name, quantity: l.shippedQty, unitPriceMinor: l.unitPriceMinor, amountMinor: lineAmount(l.shippedQty, l.unitPriceMinor) })),
    };
  });

  return {
    order: { id: order.id, number: order.number, customerName: order.customerName, accountName: head.accountName, shipTo: order.shipTo, buyerPo: order.buyerPo, paymentTerms: order.paymentTerms, deliveryWindowStart: order.deliveryWindowStart, deliveryWindowEnd: order.deliveryWindowEnd },
    workspaceName: workspace.name,
    packingSlips,
    invoices,
  };
}
