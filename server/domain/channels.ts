// Sales channels that send orders in: what a connection is, what can come of an inbound message,
// and what a shipment owes the channel back.

import type { Channel } from "./commercial";

export const CHANNEL_KINDS = ["SHOPIFY", "SQUARE", "EDI"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** The order channel a connection's orders carry. */
export const ORDER_CHANNEL: Record<ChannelKind, Channel> = { SHOPIFY: "SHOPIFY", SQUARE: "SQUARE", EDI: "B2B_EDI" };

/** An item the SKU map does not know: refuse the order into the intake log, or take it without that line. */
export const UNKNOWN_SKU_POLICIES = ["REJECT", "FLAG"] as const;
export type UnknownSkuPolicy = (typeof UNKNOWN_SKU_POLICIES)[number];

/**
 * RECEIVED: stored, not yet processed (a crash between acknowledgment and processing leaves it
 * here, and the worker finishes it). The others say what came of it; DUPLICATE is an order the
 * channel sent again under a new delivery id; PARTIAL is an EDI interchange where some sets
 * became orders and some were rejected.
 */
export const INTAKE_STATUSES = ["RECEIVED", "CREATED", "AMENDED", "CANCELLED", "DUPLICATE", "IGNORED", "PARTIAL", "REJECTED"] as const;
export type IntakeStatus = (typeof INTAKE_STATUSES)[number];

export type IntakeOutcomeStatus = "CREATED" | "AMENDED" | "CANCELLED" | "DUPLICATE" | "IGNORED" | "REJECTED";

/** What became of one order a message described. */
export interface IntakeOutcome {
  /** The channel's reference: Shopify's order name, Square's order id, the EDI PO number. */
  reference: string | null;
  status: IntakeOutcomeStatus;
  orderId?: string;
  orderNumber?: string;
  /** Why it was rejected or ignored, per field or line ("line 2: unknown SKU R5656-2"). */
  reasons: string[];
  /** Accepted with lines left out (unknown SKU policy FLAG): what was left out. */
  flags?: string[];
}

/** The message's status from its outcomes: theirs when they agree, CREATED when orders came of it in different ways. */
export function intakeStatus(outcomes: IntakeOutcome[]): IntakeStatus {
  const done = outcomes.filter((o) => o.status !== "REJECTED");
  if (!done.length) return outcomes.length ? "REJECTED" : "IGNORED";
  if (done.length < outcomes.length) return "PARTIAL";
  const first = done[0]!.status;
  return done.every((o) => o.status === first) ? first : "CREATED";
}

/**
 * A replay's outcomes beside the earlier turn's: an order the earlier turn created is still what
 * the message did (the replay finds it and reports a duplicate), so the log keeps saying CREATED.
 */
export function replayOutcomes(earlier: IntakeOutcome[], now: IntakeOutcome[]): IntakeOutcome[] {
  return now.map((o) => {
    const before = earlier.find((e) => e.reference === o.reference && e.orderId && e.orderId === o.orderId);
    return o.status === "DUPLICATE" && before && before.status !== "DUPLICATE" ? before : o;
  });
}

export const CHANNEL_OUTBOX_ACTIONS = ["SHOPIFY_FULFILLMENT", "SQUARE_FULFILLMENT", "EDI_856", "EDI_810"] as const;
export type ChannelOutboxAction = (typeof CHANNEL_OUTBOX_ACTIONS)[number];

export const EDI_DOCUMENT_TYPES = ["850", "997", "856", "810"] as const;
export type EdiDocumentType = (typeof EDI_DOCUMENT_TYPES)[number];

/** What a shipment owes its channel. */
export function owedAtShipment(connection: { kind: ChannelKind; wants856: boolean; wants810: boolean }, invoiced: boolean): ChannelOutboxAction[] {
  if (connection.kind === "SHOPIFY") return ["SHOPIFY_FULFILLMENT"];
  if (connection.kind === "SQUARE") return ["SQUARE_FULFILLMENT"];
  return [...(connection.wants856 ? (["EDI_856"] as const) : []), ...(connection.wants810 && invoiced ? (["EDI_810"] as const) : [])];
}

/** Retry delays for channel work: the platforms are down for minutes, not days; keep trying for about a day (10 s … 6 h, 9 tries). */
const OUTBOX_DELAYS_SECONDS = [10, 60, 300, 1_800, 7_200, 21_600, 21_600, 21_600];
export const MAX_OUTBOX_ATTEMPTS = OUTBOX_DELAYS_SECONDS.length + 1;

/** When to try again after the `attempts`-th failure, or null: the platform refused for good, or a day of tries is up. */
export function outboxRetryAt(attempts: number, retryable: boolean, now: Date): Date | null {
  if (!retryable || attempts >= MAX_OUTBOX_ATTEMPTS) return null;
  return new Date(now.getTime() + OUTBOX_DELAYS_SECONDS[attempts - 1]! * 1_000);
}
