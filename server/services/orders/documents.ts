import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../../db/client";
import { accounts, ediDocuments, fulfillmentLines, intakeMessages, fulfillments, lots, loopEvents, orderLines, orders, packages, picks, products, shipments } from "../../../db/schema";
import { invoiceDueOn, invoiceNumber } from "../../domain/commercial";
import { isoDateOf } from "../../domain/dates";
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
  const [lines, lotsPicked, boxes, shipped, invoiceEvents, workspace, x12] = await Promise.all([
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
    orderEdiDocuments(db, actor, order.id),
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
      number: invoiceNumber(order.number, i + 1),
      issuedOn,
      dueOn: invoiceDueOn(issuedOn, order.paymentTerms),
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
    ediDocuments: x12.map(({ body: _body, ...doc }) => doc),
  };
}

/**
 * One of an order's documents by the number list_documents gives: a packing slip (its
 * fulfillment number), an invoice (`INV-…`) or an X12 document (`X12-856-000000042`, with its
 * text). Another order's or an unknown number is not found.
 */
export async function orderDocument(db: DbOrTx, actor: Actor, orderId: string, documentNumber: string) {
  const docs = await orderDocuments(db, actor, orderId);
  const head = { order: docs.order, workspaceName: docs.workspaceName };
  const packingSlip = docs.packingSlips.find((s) => s.fulfillmentNumber === documentNumber);
  if (packingSlip) return { ...head, kind: "packing_slip" as const, packingSlip, invoice: null, edi: null };
  const invoice = docs.invoices.find((i) => i.number === documentNumber);
  if (invoice) return { ...head, kind: "invoice" as const, packingSlip: null, invoice, edi: null };
  const edi = (await orderEdiDocuments(db, actor, docs.order.id)).find((d) => d.documentNumber === documentNumber);
  if (edi) {
    const { body, ...doc } = edi;
    return { ...head, kind: "edi" as const, packingSlip: null, invoice: null, edi: { ...doc, x12: body } };
  }
  throw new NotFound("Document", documentNumber);
}

/** An X12 document's number on the order's document list: its type and interchange control number. */
export function ediDocumentNumber(type: string, interchangeControl: number): string {
  return `X12-${type}-${String(interchangeControl).padStart(9, "0")}`;
}

/**
 * The X12 documents of an order the actor may already see (the caller checked the order's
 * scope), oldest first. Staff see every one: those written for the order (856, 810) and the 997
 * that acknowledged the interchange its 850 came in. A buyer sees only the 856 and 810 sent to
 * it about its order, the EDI copies of the packing slip and invoice it already has; a 997
 * answers the partner's interchange as a whole (other POs, other accounts' sets) and is the
 * trading partner's technical record, not the order's document.
 */
async function orderEdiDocuments(db: DbOrTx, actor: Actor, orderId: string) {
  const ofOrder = eq(ediDocuments.orderId, orderId);
  const ackOfItsIntake = and(
    eq(ediDocuments.type, "997"),
    inArray(ediDocuments.intakeMessageId, db.select({ id: intakeMessages.id }).from(intakeMessages).where(and(eq(intakeMessages.workspaceId, actor.workspaceId), sql`${intakeMessages.outcomes} @> ${JSON.stringify([{ orderId }])}::jsonb`))),
  );
  const rows = await db
    .select({ id: ediDocuments.id, type: ediDocuments.type, outbound: ediDocuments.outbound, interchangeControl: ediDocuments.interchangeControl, createdAt: ediDocuments.createdAt, body: ediDocuments.body })
    .from(ediDocuments)
    .where(and(eq(ediDocuments.workspaceId, actor.workspaceId), actor.role === "customer" ? and(ofOrder, eq(ediDocuments.outbound, true), inArray(ediDocuments.type, ["856", "810"])) : or(ofOrder, ackOfItsIntake)))
    .orderBy(asc(ediDocuments.createdAt), asc(ediDocuments.interchangeControl));
  return rows.map(({ id: _id, ...row }) => ({ documentNumber: ediDocumentNumber(row.type, row.interchangeControl), ...row }));
}
