import { and, desc, eq, getTableColumns, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx } from "../../../db/client";
import { accounts, carrierServices, carriers, channelConnections, intakeMessages, orders, warehouses, workspaces } from "../../../db/schema";
import { INTAKE_STATUSES, intakeStatus, ORDER_CHANNEL, replayOutcomes, type IntakeOutcome } from "../../domain/channels";
import { BadInput, DomainError, NotFound } from "../../domain/errors";
import { formatMoney } from "../../domain/money";
import { assertCan } from "../../domain/permissions";
import type { ChannelOrderDraft } from "../../integrations/channels/draft";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { ChannelPushError } from "../../integrations/channels/pushError";
import { MAX_CODE, MAX_NOTE } from "../../domain/limits";
import { cancelOrder } from "../orders/cancelOrder";
import { amendReceivedOrder, createOrder, type ChannelSource, type CreateOrderInput } from "../orders/createOrder";
import { channelActor } from "./actor";
import type { ChannelConnection } from "./connections";
import type { IntakeInstruction } from "./adapters";
import { adapterFor } from "./registry";
import { resolveChannelItems } from "./skuMap";

export type IntakeMessage = typeof intakeMessages.$inferSelect;

/** How long one processing turn holds a message before the worker may take it over. */
const PROCESSING_LEASE_MS = 60_000;
/** After this many failed turns (the platform's API down all along), the message is rejected with the error; a replay tries again. */
export const MAX_INTAKE_ATTEMPTS = 8;
/** What one message's outcomes may hold: an interchange of many POs, each with a few reasons. */
const MAX_OUTCOMES = 1_000;
const MAX_REASONS = 50;

export interface InboundMessage {
  dedupeKey: string;
  topic: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Stores a verified inbound message before anything else happens, or counts a redelivery of one
 * already stored (same platform delivery id). Once this returns, the message is safe: the
 * platform may be told "received".
 */
export async function storeIntakeMessage(db: DbOrTx, connection: ChannelConnection, message: InboundMessage): Promise<{ message: IntakeMessage; duplicate: boolean }> {
  const [row] = await db
    .insert(intakeMessages)
    .values({ workspaceId: connection.workspaceId, connectionId: connection.id, kind: connection.kind, ...message })
    .onConflictDoUpdate({ target: [intakeMessages.connectionId, intakeMessages.dedupeKey], set: { duplicates: sql`${intakeMessages.duplicates} + 1` } })
    .returning({ ...getTableColumns(intakeMessages), inserted: sql<boolean>`xmax = 0` });
  const { inserted, ...stored } = row!;
  return { message: stored, duplicate: !inserted };
}

/**
 * Processes a stored message once: claims it (a message another turn holds, or one already
 * processed, is left alone), turns it into instructions with its channel's adapter, applies each
 * through the same services the app uses, and records the outcomes. An unexpected failure (the
 * platform's API down) leaves it RECEIVED for the worker's next turn.
 */
export async function processIntakeMessage(db: Database, messageId: string, now = new Date()): Promise<IntakeMessage | null> {
  const [claimed] = await db
    .update(intakeMessages)
    .set({ leaseUntil: new Date(now.getTime() + PROCESSING_LEASE_MS), retryAt: null, attempts: sql`${intakeMessages.attempts} + 1` })
    .where(
      and(
        eq(intakeMessages.id, messageId),
        eq(intakeMessages.status, "RECEIVED"),
        sql`(${intakeMessages.leaseUntil} is null or ${intakeMessages.leaseUntil} < ${now.toISOString()}::timestamptz)`,
        sql`(${intakeMessages.retryAt} is null or ${intakeMessages.retryAt} <= ${now.toISOString()}::timestamptz)`,
      ),
    )
    .returning();
  if (!claimed) return null;
  const [connection] = await db.select().from(channelConnections).where(eq(channelConnections.id, claimed.connectionId));
  let outcomes: IntakeOutcome[];
  try {
    const adapter = adapterFor(connection!.kind);
    const instructions = await adapter.read(db, connection!, claimed);
    outcomes = [];
    for (const instruction of instructions) outcomes.push(await applyInstruction(db, connection!, instruction));
    await adapter.acknowledge?.(db, connection!, claimed, outcomes);
  } catch (error) {
    console.error(`intake message ${claimed.id}: turn ${claimed.attempts} failed`, error);
    if (claimed.attempts < MAX_INTAKE_ATTEMPTS) {
      await db.update(intakeMessages).set({ leaseUntil: null, retryAt: new Date(now.getTime() + retryDelayMs(claimed.attempts)) }).where(eq(intakeMessages.id, claimed.id));
      return null;
    }
    // A platform's refusal is worth showing; anything else stays in the server log (it may hold SQL).
    const why = error instanceof ChannelPushError ? error.message : `an unexpected error (logged under intake message ${claimed.id})`;
    outcomes = [{ reference: null, status: "REJECTED", reasons: [`gave up after ${claimed.attempts} tries: ${why}`] }];
  }
  const recorded = storableOutcomes(replayOutcomes(claimed.outcomes, outcomes));
  const [done] = await db
    .update(intakeMessages)
    .set({ status: intakeStatus(recorded), outcomes: recorded, processedAt: new Date(), leaseUntil: null })
    .where(eq(intakeMessages.id, claimed.id))
    .returning();
  return done!;
}

/** Outcomes as the log can keep them, whatever the channel sent: no NUL (jsonb refuses it), bounded lengths and counts. */
function storableOutcomes(outcomes: IntakeOutcome[]): IntakeOutcome[] {
  const clean = (s: string, max: number) => s.replaceAll("\u0000", "\uFFFD").slice(0, max);
  return outcomes.slice(0, MAX_OUTCOMES).map((o) => ({
    ...o,
    reference: o.reference === null ? null : clean(o.reference, MAX_CODE),
    reasons: o.reasons.slice(0, MAX_REASONS).map((r) => clean(r, MAX_NOTE)),
    ...(o.flags ? { flags: o.flags.slice(0, MAX_REASONS).map((r) => clean(r, MAX_NOTE)) } : {}),
  }));
}

/** Tries again after 10 s, 20 s, 40 s ... up to 10 minutes. */
function retryDelayMs(attempts: number) {
  return Math.min(10_000 * 2 ** (attempts - 1), 600_000);
}

/** Messages acknowledged but never processed (the process died between the two), oldest first: the worker's sweep. */
export async function unprocessedIntakeMessages(db: DbOrTx, now: Date, limit = 50): Promise<string[]> {
  const rows = await db
    .select({ id: intakeMessages.id })
    .from(intakeMessages)
    .where(
      and(
        eq(intakeMessages.status, "RECEIVED"),
        sql`(${intakeMessages.leaseUntil} is null or ${intakeMessages.leaseUntil} < ${now.toISOString()}::timestamptz)`,
        sql`(${intakeMessages.retryAt} is null or ${intakeMessages.retryAt} <= ${now.toISOString()}::timestamptz)`,
        lt(intakeMessages.receivedAt, new Date(now.getTime() - 2_000)),
      ),
    )
    .orderBy(intakeMessages.receivedAt)
    .limit(limit);
  return rows.map((r) => r.id);
}

export const intakeMessageRef = z.object({ messageId: z.uuid("must be an intake message id") });

/**
 * Runs a message again once its cause is fixed (a SKU mapped). Idempotent: an order it already
 * created is found by the channel's order id and reported as a duplicate, never made twice.
 */
export async function replayIntakeMessage(db: Database, actor: Actor, raw: z.input<typeof intakeMessageRef>) {
  assertCan(actor.role, "intake.replay");
  const { messageId } = parseInput(intakeMessageRef, raw);
  const now = new Date();
  // Reset only a message nobody holds: a turn in progress (another replay, the worker) keeps it.
  const [reset] = await db
    .update(intakeMessages)
    .set({ status: "RECEIVED", leaseUntil: null, retryAt: null, attempts: 0 })
    .where(and(eq(intakeMessages.id, messageId), eq(intakeMessages.workspaceId, actor.workspaceId), sql`(${intakeMessages.leaseUntil} is null or ${intakeMessages.leaseUntil} < ${now.toISOString()}::timestamptz)`))
    .returning({ id: intakeMessages.id });
  if (!reset) {
    const [held] = await db.select({ id: intakeMessages.id }).from(intakeMessages).where(and(eq(intakeMessages.id, messageId), eq(intakeMessages.workspaceId, actor.workspaceId)));
    if (!held) throw new NotFound("Intake message", messageId);
    throw BadInput.field("messageId", "is being processed right now; look again in a minute");
  }
  const processed = await processIntakeMessage(db, messageId, now);
  if (processed) return processed;
  // Another turn claimed it between the reset and ours: report the message as it is now.
  const [current] = await db.select().from(intakeMessages).where(eq(intakeMessages.id, messageId));
  return current!;
}

async function applyInstruction(db: Database, connection: ChannelConnection, instruction: IntakeInstruction): Promise<IntakeOutcome> {
  if (instruction.action === "reject" || instruction.action === "ignore") {
    return { reference: instruction.reference, status: instruction.action === "reject" ? "REJECTED" : "IGNORED", reasons: instruction.reasons };
  }
  const actor = channelActor(connection);
  const existing = await orderForChannel(db, connection.id, instruction.channelOrderId);
  const reference = instruction.action === "cancel" ? instruction.reference : instruction.draft.reference;
  const found = existing ? { orderId: existing.id, orderNumber: existing.number } : {};
  try {
    if (instruction.action === "cancel") {
      if (!existing) return { reference, status: "IGNORED", reasons: [`no order came from ${reference}`] };
      await cancelOrder(db, actor, { orderId: existing.id, reason: instruction.reason });
      return { reference, status: "CANCELLED", ...found, reasons: [] };
    }
    if (existing && instruction.action === "create") return { reference, status: "DUPLICATE", ...found, reasons: [] };
    if (existing && existing.status !== "RECEIVED") {
      return { reference, status: "IGNORED", ...found, reasons: [`order ${existing.number} is ${existing.status}: once stock is reserved, changes are made in Loopline`] };
    }
    const mapped = await orderInputFromDraft(db, connection, instruction.draft);
    if ("reasons" in mapped) return { reference, status: "REJECTED", ...found, reasons: mapped.reasons };
    const source: ChannelSource = { connectionId: connection.id, reference, channelOrderId: instruction.channelOrderId, shippingMinor: instruction.draft.shippingMinor ?? 0, taxMinor: instruction.draft.taxMinor ?? 0 };
    const flags = mapped.flags.length ? { flags: mapped.flags } : {};
    if (existing) {
      await amendReceivedOrder(db, actor, existing.id, mapped.input, source);
      return { reference, status: "AMENDED", ...found, reasons: [], ...flags };
    }
    const order = await createOrder(db, actor, mapped.input, source);
    return { reference, status: "CREATED", orderId: order.id, orderNumber: order.number, reasons: [], ...flags };
  } catch (error) {
    if (isChannelOrderRace(error)) {
      const winner = await orderForChannel(db, connection.id, instruction.channelOrderId);
      return { reference, status: "DUPLICATE", orderId: winner?.id, orderNumber: winner?.number, reasons: [] };
    }
    if (!(error instanceof DomainError)) throw error;
    return { reference, status: "REJECTED", ...found, reasons: reasonsFor(error, instruction.action === "cancel" ? [] : instruction.draft.lines.map((l) => l.lineNo)) };
  }
}

async function orderForChannel(db: DbOrTx, connectionId: string, channelOrderId: string) {
  const [row] = await db.select({ id: orders.id, number: orders.number, status: orders.status }).from(orders).where(and(eq(orders.channelConnectionId, connectionId), eq(orders.channelOrderId, channelOrderId)));
  return row ?? null;
}

/** Two deliveries of one order processed at once: the unique index lets one through. */
function isChannelOrderRace(error: unknown) {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === "23505" && (e as { constraint?: unknown }).constraint === "orders_channel_order") return true;
  }
  return false;
}

/** A refusal in the words of the channel's message: `lines[1].sku` is the channel's line 2 (or whatever it numbered it). */
function reasonsFor(error: DomainError, lineNos: number[]): string[] {
  const named = (field: string) => field.replace(/^lines\[(\d+)\]\.?/, (_, i: string) => `line ${lineNos[Number(i)] ?? Number(i) + 1} `).trim();
  if (error instanceof BadInput) return error.issues.map((i) => `${named(i.field)}: ${i.message}`);
  return [error.message];
}

/**
 * The createOrder input a draft becomes: items through the SKU map, the connection's warehouse
 * and (EDI) account. Unknown items reject the order or, when the connection says so, are left out
 * and flagged. Shopify and Square prices are what the customer paid; an EDI buyer pays the
 * account's price list, and a PO price that differs is flagged. An order in another currency is refused.
 */
export async function orderInputFromDraft(db: DbOrTx, connection: ChannelConnection, draft: ChannelOrderDraft): Promise<{ input: CreateOrderInput; flags: string[] } | { reasons: string[] }> {
  const [ws] = await db.select({ currency: workspaces.currency }).from(workspaces).where(eq(workspaces.id, connection.workspaceId));
  // Amounts in another currency would be read as ours: yen as cents. Refuse rather than guess a rate.
  if (draft.currency && draft.currency.toUpperCase() !== ws!.currency) return { reasons: [`currency: the order is in ${draft.currency.slice(0, 3)}; this workspace sells in ${ws!.currency}`] };
  const items = await resolveChannelItems(db, connection.workspaceId, connection.id, draft.lines.flatMap((l) => l.itemKeys));
  const reasons: string[] = [];
  const flags: string[] = [];
  const lines: CreateOrderInput["lines"] = [];
  const lineNos: number[] = [];
  for (const line of draft.lines) {
    const item = line.itemKeys.map((k) => items.get(k)).find((i) => i !== undefined);
    const label = `line ${line.lineNo}`;
    if (!item) {
      const why = `${label}: unknown SKU ${line.itemKeys[0] ?? "(none given)"}${line.title ? ` (${line.title})` : ""}`;
      (connection.unknownSkuPolicy === "FLAG" ? flags : reasons).push(why);
      continue;
    }
    if (line.uom === "CASE" && line.packSize && item.casePackQty && line.packSize !== item.casePackQty) {
      reasons.push(`${label}: the order packs ${line.packSize} per case; a case of ${item.sku} holds ${item.casePackQty}`);
      continue;
    }
    const each = line.uom === "EACH";
    const quantity = each ? line.quantity * item.packSize : line.quantity;
    if (connection.kind === "EDI" && line.unitPriceMinor !== undefined) {
      const units = each ? item.packSize : line.uom === "CASE" ? (item.casePackQty ?? 1) : (item.palletQty ?? 1);
      const listed = item.unitPriceMinor * units;
      if (listed !== line.unitPriceMinor) flags.push(`${label}: the PO prices it at ${formatMoney(line.unitPriceMinor, ws!.currency)} a ${line.uom.toLowerCase()}; the price list says ${formatMoney(listed, ws!.currency)}, which the order keeps`);
    }
    const channelPrice = line.unitPriceMinor !== undefined && connection.kind !== "EDI" ? { unitPriceMinor: each ? Math.round(line.unitPriceMinor / item.packSize) : line.unitPriceMinor } : {};
    lines.push({ sku: item.sku, quantity, uom: line.uom, ...channelPrice });
    lineNos.push(line.lineNo);
  }
  if (!lines.length && !reasons.length) reasons.push("no line names an item we know");
  if (reasons.length) return { reasons };

  const [warehouse] = connection.warehouseId ? await db.select({ code: warehouses.code }).from(warehouses).where(eq(warehouses.id, connection.warehouseId)) : [];
  const [account] = connection.accountId ? await db.select({ code: accounts.code }).from(accounts).where(eq(accounts.id, connection.accountId)) : [];
  const email = draft.customerEmail && z.email().safeParse(draft.customerEmail).success ? draft.customerEmail : undefined;
  const shippingMethod = draft.shippingMethodCode ? await carrierServiceNamed(db, connection.workspaceId, draft.shippingMethodCode) : undefined;
  if (draft.shippingMethodCode && !shippingMethod) flags.push(`shipping: "${draft.shippingMethodCode.slice(0, 100)}" names no carrier service here; the carrier is chosen at shipment`);
  const priced = lines.some((l) => l.unitPriceMinor !== undefined);
  return {
    flags,
    input: {
      channel: ORDER_CHANNEL[connection.kind],
      warehouseCode: warehouse?.code,
      accountCode: account?.code,
      customerName: draft.customerName,
      customerEmail: email,
      shipTo: draft.shipTo,
      buyerPo: draft.buyerPo,
      deliveryWindow: draft.deliveryWindow,
      shippingMethod,
      lines,
      overrideReason: priced ? `Prices as charged at ${connection.name} (${draft.reference})` : undefined,
    },
  };
}

/**
 * The carrier service a channel's shipping line names, as `UPS GROUND`, `ups-ground`, `UPS:GROUND`
 * (carrier, then service), or a service code only one carrier has (`GROUND`); none otherwise.
 */
export async function carrierServiceNamed(db: DbOrTx, workspaceId: string, code: string): Promise<{ carrierCode: string; serviceCode: string } | undefined> {
  const words = code.trim().toUpperCase().split(/[\s:_-]+/).filter(Boolean);
  if (!words.length || words.length > 4) return undefined;
  const services = await db
    .select({ carrierCode: carriers.code, serviceCode: carrierServices.code })
    .from(carrierServices)
    .innerJoin(carriers, eq(carriers.id, carrierServices.carrierId))
    .where(eq(carriers.workspaceId, workspaceId));
  const joined = words.join(" ");
  const exact = services.filter((s) => `${s.carrierCode} ${s.serviceCode}`.toUpperCase() === joined);
  if (exact.length === 1) return exact[0];
  const byService = services.filter((s) => s.serviceCode.toUpperCase() === joined);
  return byService.length === 1 ? byService[0] : undefined;
}

/** The intake log, newest first, optionally one connection's or one status's. */
export const listIntakeMessagesInput = z.object({
  connectionId: z.uuid("must be a channel connection id").optional(),
  status: z.enum(INTAKE_STATUSES).optional(),
  /** The last message of the page before: the next page starts after it (received time, then id: no tie is skipped). */
  after: z.uuid("must be an intake message id").optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export async function listIntakeMessages(db: DbOrTx, actor: Actor, raw: z.input<typeof listIntakeMessagesInput>) {
  assertCan(actor.role, "intake.read");
  const input = parseInput(listIntakeMessagesInput, raw);
  return db
    .select({
      id: intakeMessages.id,
      connectionId: intakeMessages.connectionId,
      connectionName: channelConnections.name,
      kind: intakeMessages.kind,
      topic: intakeMessages.topic,
      dedupeKey: intakeMessages.dedupeKey,
      status: intakeMessages.status,
      outcomes: intakeMessages.outcomes,
      attempts: intakeMessages.attempts,
      duplicates: intakeMessages.duplicates,
      receivedAt: intakeMessages.receivedAt,
      processedAt: intakeMessages.processedAt,
    })
    .from(intakeMessages)
    .innerJoin(channelConnections, eq(channelConnections.id, intakeMessages.connectionId))
    .where(
      and(
        eq(intakeMessages.workspaceId, actor.workspaceId),
        input.connectionId ? eq(intakeMessages.connectionId, input.connectionId) : undefined,
        input.status ? eq(intakeMessages.status, input.status) : undefined,
        input.after ? sql`(${intakeMessages.receivedAt}, ${intakeMessages.id}) < (select received_at, id from intake_messages where id = ${input.after})` : undefined,
      ),
    )
    .orderBy(desc(intakeMessages.receivedAt), desc(intakeMessages.id))
    .limit(input.limit);
}

/** One message with its raw body and headers, for the operator who works out why it was rejected. */
export async function getIntakeMessage(db: DbOrTx, actor: Actor, raw: z.input<typeof intakeMessageRef>) {
  assertCan(actor.role, "intake.read");
  const { messageId } = parseInput(intakeMessageRef, raw);
  const [row] = await db
    .select({ message: intakeMessages, connectionName: channelConnections.name })
    .from(intakeMessages)
    .innerJoin(channelConnections, eq(channelConnections.id, intakeMessages.connectionId))
    .where(and(eq(intakeMessages.id, messageId), eq(intakeMessages.workspaceId, actor.workspaceId)));
  if (!row) throw new NotFound("Intake message", messageId);
  return { ...row.message, connectionName: row.connectionName };
}
