import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx, Tx } from "../../../db/client";
import { accounts, carriers, channelConnections, channelSkuMaps, ediDocuments, loopEvents, orders, packages, products, shipments, warehouses, workspaces } from "../../../db/schema";
import { PAYMENT_TERM_DAYS, type PaymentTerms } from "../../domain/commercial";
import type { EdiDocumentType, IntakeOutcome } from "../../domain/channels";
import { isoDateOf, wallTimeOf } from "../../domain/dates";
import { BadInput, NotFound } from "../../domain/errors";
import type { LotShipped } from "../../domain/lots";
import { assertCan } from "../../domain/permissions";
import { build810, build856, build997, parseInterchange, sscc18, X12EnvelopeError, type OutboundEnvelope, type ParsedInterchange, type X12SetError } from "../../integrations/edi";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import type { ChannelAdapter, IntakeInstruction } from "./adapters";
import type { ChannelConnection } from "./connections";
import { processIntakeMessage, storeIntakeMessage, type IntakeMessage } from "./intake";
import { ChannelWorkError, type ChannelOutboxJob, type ChannelWork } from "./outbox";

// B2B EDI over X12 (docs/decisions.md, Channels in): an 850 interchange is one intake message;
// each purchase order set in it is one instruction; every inbound group gets a 997; a shipment
// owes the partner an 856 and, when invoiced, an 810. Control numbers are the connection's.

/** The most an uploaded or POSTed interchange may hold: the body cap of every API request. */
export const MAX_INTERCHANGE_BYTES = 1_000_000;

function readEnvelope(raw: string): ParsedInterchange | { error: string } {
  try {
    return parseInterchange(raw);
  } catch (error) {
    if (error instanceof X12EnvelopeError) return { error: error.message };
    throw error;
  }
}

/** The partner an interchange's ISA names as its sender, in the workspace. */
async function partnerFor(db: DbOrTx, workspaceId: string, sender: { qualifier: string; id: string }) {
  const [row] = await db
    .select()
    .from(channelConnections)
    .where(and(eq(channelConnections.workspaceId, workspaceId), eq(channelConnections.kind, "EDI"), eq(channelConnections.partnerQualifier, sender.qualifier), eq(channelConnections.partnerId, sender.id)));
  return row ?? null;
}

export const receiveInterchangeInput = z.object({
  interchange: z.string().min(1, "is empty: paste or upload an X12 interchange").max(MAX_INTERCHANGE_BYTES, `must be at most ${MAX_INTERCHANGE_BYTES.toLocaleString("en-US")} characters`),
  /** The partner it must come from (an upload on the partner's page); absent: whoever its ISA names. */
  connectionId: z.uuid("must be a channel connection id").optional(),
});

/**
 * An X12 interchange in (upload or REST): stored raw in the intake log under its partner, then
 * processed. A redelivery of the same interchange control number is a duplicate.
 */
export async function receiveInterchange(db: Database, actor: Actor, raw: z.input<typeof receiveInterchangeInput>) {
  assertCan(actor.role, "admin.manage");
  const input = parseInput(receiveInterchangeInput, raw, ["interchange"]);
  const parsed = readEnvelope(input.interchange);
  if ("error" in parsed) throw BadInput.field("interchange", parsed.error);
  const partner = await partnerFor(db, actor.workspaceId, parsed.sender);
  if (!partner) throw BadInput.field("interchange", `no trading partner is set up for ISA sender ${parsed.sender.qualifier}/${parsed.sender.id}`);
  if (input.connectionId && partner.id !== input.connectionId) throw BadInput.field("interchange", `it comes from ${partner.name} (ISA sender ${parsed.sender.qualifier}/${parsed.sender.id}), not this partner`);
  if (!partner.enabled) throw BadInput.field("interchange", `${partner.name} is disabled`);
  const { message, duplicate } = await storeIntakeMessage(db, partner, {
    dedupeKey: `ISA13:${parsed.interchangeControl}`,
    topic: "x12/850",
    headers: { "isa-sender": `${parsed.sender.qualifier}/${parsed.sender.id}`, "isa-control": parsed.interchangeControl, "received-by": actor.label },
    body: input.interchange,
  });
  const processed = duplicate ? null : await processIntakeMessage(db, message.id);
  const stored = processed ?? message;
  const [ack] = await db.select({ id: ediDocuments.id, body: ediDocuments.body }).from(ediDocuments).where(and(eq(ediDocuments.intakeMessageId, stored.id), eq(ediDocuments.type, "997"))).orderBy(desc(ediDocuments.createdAt)).limit(1);
  return { messageId: stored.id, duplicate, status: stored.status, outcomes: stored.outcomes, acknowledgment: ack?.body ?? null };
}

/** Each purchase order set is one instruction, in the order of the interchange (the 997 pairs them back up). */
async function readPurchaseOrders(db: Database, connection: ChannelConnection, message: IntakeMessage): Promise<IntakeInstruction[]> {
  const parsed = readEnvelope(message.body);
  if ("error" in parsed) return [{ action: "reject", reference: null, reasons: [parsed.error] }];
  if (parsed.sender.qualifier !== connection.partnerQualifier || parsed.sender.id !== connection.partnerId) {
    return [{ action: "reject", reference: null, reasons: [`the interchange is from ${parsed.sender.qualifier}/${parsed.sender.id}; this partner is ${connection.partnerQualifier}/${connection.partnerId}`] }];
  }
  const [account] = connection.accountId ? await db.select({ code: accounts.code }).from(accounts).where(eq(accounts.id, connection.accountId)) : [];
  return parsed.groups.flatMap((group) =>
    group.sets.map((set): IntakeInstruction => {
      if (group.functionalId !== "PO") return { action: "ignore", reference: `set ${set.setControl}`, reasons: [`group ${group.groupControl} is ${group.functionalId}; only purchase orders (PO, 850) are read`] };
      if (!set.ok) return { action: "reject", reference: `set ${set.setControl}`, reasons: set.errors.map((e) => e.message) };
      return { action: "create", channelOrderId: set.draft.reference, draft: { ...set.draft, accountCode: account?.code } };
    }),
  );
}

/** A 997 for every inbound group, naming for each set what the parser or the intake refused. */
async function acknowledgeGroups(db: Database, connection: ChannelConnection, message: IntakeMessage, outcomes: IntakeOutcome[]) {
  const parsed = readEnvelope(message.body);
  if ("error" in parsed || parsed.sender.id !== connection.partnerId || parsed.sender.qualifier !== connection.partnerQualifier) return; // nothing we can address a 997 to
  let next = 0;
  for (const group of parsed.groups) {
    const sets = group.sets.map((set) => {
      const outcome = outcomes[next++];
      const refused: X12SetError[] = outcome?.status === "REJECTED" && set.ok ? outcome.reasons.map((message) => ({ message, setErrorCode: "5" })) : [];
      return { setId: set.setId, setControl: set.setControl, errors: set.ok ? refused : set.errors };
    });
    await db.transaction(async (tx) => {
      const envelope = await outboundEnvelope(tx, connection);
      const body = build997({ envelope, setControl: envelope.groupControl, group: { functionalId: group.functionalId, groupControl: group.groupControl, setsIncluded: group.setsIncluded, groupErrorCodes: group.errors.map((e) => e.code), sets } });
      await tx.insert(ediDocuments).values({ workspaceId: connection.workspaceId, connectionId: connection.id, type: "997", outbound: true, intakeMessageId: message.id, interchangeControl: envelope.interchangeControl, groupControl: envelope.groupControl, body });
    });
  }
}

export const ediAdapter: ChannelAdapter = { read: readPurchaseOrders, acknowledge: acknowledgeGroups };

/**
 * The next ISA13 and GS06 for a partner (ST02 follows GS06: one set per group), taken under the
 * connection's row lock so two documents never share a number; 999,999,999 wraps to 1.
 */
async function outboundEnvelope(tx: Tx, connection: ChannelConnection): Promise<OutboundEnvelope & { groupControl: number }> {
  const [taken] = await tx
    .update(channelConnections)
    .set({
      nextInterchangeControl: sql`case when ${channelConnections.nextInterchangeControl} >= 999999999 then 1 else ${channelConnections.nextInterchangeControl} + 1 end`,
      nextGroupControl: sql`case when ${channelConnections.nextGroupControl} >= 999999999 then 1 else ${channelConnections.nextGroupControl} + 1 end`,
    })
    .where(eq(channelConnections.id, connection.id))
    .returning({ interchange: sql<number>`case when ${channelConnections.nextInterchangeControl} = 1 then 999999999 else ${channelConnections.nextInterchangeControl} - 1 end`, group: sql<number>`case when ${channelConnections.nextGroupControl} = 1 then 999999999 else ${channelConnections.nextGroupControl} - 1 end` });
  const [ws] = await tx.select({ timeZone: workspaces.timeZone }).from(workspaces).where(eq(workspaces.id, connection.workspaceId));
  const now = new Date();
  return {
    sender: { qualifier: connection.ourQualifier!, id: connection.ourId! },
    receiver: { qualifier: connection.partnerQualifier!, id: connection.partnerId! },
    interchangeControl: Number(taken!.interchange),
    groupControl: Number(taken!.group),
    usage: "P",
    date: isoDateOf(now, ws!.timeZone),
    time: wallTimeOf(now, ws!.timeZone).slice(11, 16),
  };
}

/** The partner's name for each of our products (a buyer part number, a UPC), from its SKU map. */
async function partnerItemIds(db: DbOrTx, connectionId: string) {
  const rows = await db.select({ sku: products.sku, key: channelSkuMaps.channelKey }).from(channelSkuMaps).innerJoin(products, eq(products.id, channelSkuMaps.productId)).where(eq(channelSkuMaps.connectionId, connectionId)).orderBy(channelSkuMaps.createdAt);
  const ids = new Map<string, { buyerPart?: string; upc?: string }>();
  for (const r of rows) {
    const known = ids.get(r.sku) ?? {};
    if (/^\d{12,14}$/.test(r.key)) known.upc ??= r.key;
    else known.buyerPart ??= r.key;
    ids.set(r.sku, known);
  }
  return ids;
}

/** The event a fulfillment's shipment recorded, with everything the documents need. */
async function shippedEvent(db: DbOrTx, job: ChannelOutboxJob) {
  const [shipped] = await db.select({ payload: loopEvents.payload, occurredAt: loopEvents.occurredAt }).from(loopEvents).where(and(eq(loopEvents.workspaceId, job.workspaceId), eq(loopEvents.subjectId, job.fulfillmentId), eq(loopEvents.type, "scm.fulfillment.shipped")));
  if (!shipped) throw new ChannelWorkError(`fulfillment ${job.fulfillmentId} has no shipment event`);
  return shipped;
}

async function recordDocument(tx: Tx, connection: ChannelConnection, job: ChannelOutboxJob, type: EdiDocumentType, envelope: OutboundEnvelope, body: string) {
  const [doc] = await tx.insert(ediDocuments).values({ workspaceId: connection.workspaceId, connectionId: connection.id, type, outbound: true, orderId: job.orderId, interchangeControl: envelope.interchangeControl, groupControl: envelope.groupControl, body }).returning({ id: ediDocuments.id });
  return { type: `edi.${type}.generated`, payload: { documentId: doc!.id, interchangeControl: envelope.interchangeControl, partner: connection.name } };
}

/** The 856 ship notice: shipment, order, one pack per carton with its SSCC-18, and the items by lot. */
const shipNotice: ChannelWork = async (db, job, connection) => {
  if (!connection.gs1CompanyPrefix) throw new ChannelWorkError(`${connection.name} has no GS1 company prefix: set it on the partner's page so cartons get SSCC-18 labels`);
  const shipped = await shippedEvent(db, job);
  const lots = (shipped.payload.lotsShipped ?? []) as LotShipped[];
  const [facts] = await db
    .select({ order: orders, scac: carriers.code, carrierName: carriers.name, trackingNumber: shipments.trackingNumber, dispatchedAt: shipments.dispatchedAt, weightGrams: shipments.weightGrams, warehouse: warehouses.name })
    .from(shipments)
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .innerJoin(carriers, eq(carriers.id, shipments.carrierId))
    .innerJoin(warehouses, eq(warehouses.id, orders.warehouseId))
    .where(eq(shipments.fulfillmentId, job.fulfillmentId));
  if (!facts) throw new ChannelWorkError(`fulfillment ${job.fulfillmentId} has no shipment`);
  const cartons = await db.select({ id: packages.id }).from(packages).where(eq(packages.fulfillmentId, job.fulfillmentId)).orderBy(packages.id);
  const ids = await partnerItemIds(db, connection.id);
  const items = lots.map((l) => ({ ...ids.get(l.sku), sku: l.sku, lot: l.lotCode, quantity: l.quantity, unit: "EACH" as const }));
  return db.transaction(async (tx) => {
    const envelope = await outboundEnvelope(tx, connection);
    const [serials] = await tx.update(channelConnections).set({ nextSsccSerial: sql`${channelConnections.nextSsccSerial} + ${cartons.length}` }).where(eq(channelConnections.id, connection.id)).returning({ next: channelConnections.nextSsccSerial });
    const first = serials!.next - cartons.length;
    const serialDigits = 16 - connection.gs1CompanyPrefix!.length;
    // The serial reference has the digits the prefix leaves (6 to 9): it wraps, as GS1 allows once old cartons are long gone.
    const serial = (n: number) => String(n % 10 ** serialDigits).padStart(serialDigits, "0");
    // We do not record which carton holds what: the items travel under the first carton, the others are listed with their SSCC.
    const pack = cartons.map((_, i) => ({ sscc: sscc18(0, connection.gs1CompanyPrefix!, serial(first + i)), items: i === 0 ? items : [] }));
    const body = build856({
      envelope,
      setControl: envelope.groupControl,
      shipmentId: facts.trackingNumber,
      noticeDate: envelope.date,
      noticeTime: envelope.time,
      shipDate: isoDateOf(facts.dispatchedAt, "UTC"),
      carrier: { scac: facts.scac, name: facts.carrierName },
      trackingNumber: facts.trackingNumber,
      grossWeightLb: Math.max(1, Math.round(facts.weightGrams / 453.592)),
      shipTo: { name: facts.order.shipTo.name, line1: facts.order.shipTo.line1, line2: facts.order.shipTo.line2, city: facts.order.shipTo.city, region: facts.order.shipTo.region, postalCode: facts.order.shipTo.postalCode, country: facts.order.shipTo.country },
      shipFrom: { name: facts.warehouse },
      poNumber: facts.order.buyerPo ?? facts.order.number,
      packages: pack.length ? pack : [{ sscc: sscc18(0, connection.gs1CompanyPrefix!, serial(first)), items }],
    });
    return recordDocument(tx, connection, job, "856", envelope, body);
  });
};

/** The 810 invoice, from the invoice the shipment issued (same number, lines, terms and due date). */
const invoice: ChannelWork = async (db, job, connection) => {
  const shipped = await shippedEvent(db, job);
  const [order] = await db.select().from(orders).where(eq(orders.id, job.orderId));
  const [issued] = await db
    .select({ payload: loopEvents.payload })
    .from(loopEvents)
    .where(and(eq(loopEvents.workspaceId, job.workspaceId), eq(loopEvents.subjectId, job.orderId), eq(loopEvents.type, "finance.invoice.issued"), sql`${loopEvents.payload}->>'shipment' = ${String(shipped.payload.trackingNumber)}`));
  if (!issued || !order) throw new ChannelWorkError(`order ${job.orderId} has no invoice for shipment ${String(shipped.payload.trackingNumber)}`);
  const bill = issued.payload as { invoiceNumber: string; issuedOn: string; dueOn: string; paymentTerms: PaymentTerms | null; lines: { sku: string; quantity: number; unitPriceMinor: number }[] };
  const [ws] = await db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, job.workspaceId));
  const ids = await partnerItemIds(db, connection.id);
  return db.transaction(async (tx) => {
    const envelope = await outboundEnvelope(tx, connection);
    const body = build810({
      envelope,
      setControl: envelope.groupControl,
      invoiceNumber: bill.invoiceNumber,
      invoiceDate: bill.issuedOn,
      poNumber: order.buyerPo ?? order.number,
      shipDate: bill.issuedOn,
      shipTo: { name: order.shipTo.name, line1: order.shipTo.line1, line2: order.shipTo.line2, city: order.shipTo.city, region: order.shipTo.region, postalCode: order.shipTo.postalCode, country: order.shipTo.country },
      remitTo: { name: ws!.name },
      netDays: bill.paymentTerms ? PAYMENT_TERM_DAYS[bill.paymentTerms] : 0,
      dueDate: bill.dueOn,
      lines: bill.lines.map((l, i) => ({ lineNo: i + 1, quantity: l.quantity, unit: "EACH" as const, unitPriceMinor: l.unitPriceMinor, sku: l.sku, ...ids.get(l.sku) })),
    });
    return recordDocument(tx, connection, job, "810", envelope, body);
  });
};

export const EDI_WORK = { EDI_856: shipNotice, EDI_810: invoice };

/** A partner's X12 documents, newest first, without their bodies: for its page. */
export async function partnerDocuments(db: DbOrTx, actor: Actor, connectionId: string) {
  assertCan(actor.role, "intake.read");
  if (!z.uuid().safeParse(connectionId).success) throw new NotFound("Channel connection", connectionId);
  return db
    .select({ id: ediDocuments.id, type: ediDocuments.type, outbound: ediDocuments.outbound, interchangeControl: ediDocuments.interchangeControl, orderId: ediDocuments.orderId, orderNumber: orders.number, createdAt: ediDocuments.createdAt })
    .from(ediDocuments)
    .leftJoin(orders, eq(orders.id, ediDocuments.orderId))
    .where(and(eq(ediDocuments.workspaceId, actor.workspaceId), eq(ediDocuments.connectionId, connectionId)))
    .orderBy(desc(ediDocuments.createdAt))
    .limit(50);
}

/** One document's X12, for download. */
export async function ediDocument(db: DbOrTx, actor: Actor, documentId: string) {
  assertCan(actor.role, "intake.read");
  if (!z.uuid().safeParse(documentId).success) throw new NotFound("EDI document", documentId);
  const [doc] = await db.select().from(ediDocuments).where(and(eq(ediDocuments.id, documentId), eq(ediDocuments.workspaceId, actor.workspaceId)));
  if (!doc) throw new NotFound("EDI document", documentId);
  return doc;
}
