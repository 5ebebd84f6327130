// A loop event as every consumer outside the app receives it: the events feed, and next the
// webhooks and MCP. Never the global seq or transaction id: both show other brands' volume.

export interface LoopEventView {
  id: string;
  type: string;
  occurredAt: Date;
  /** The order or fulfillment number, when the event carries it. */
  subject: { type: string; id: string; number: string | null };
  fromState: string | null;
  toState: string | null;
  actorLabel: string;
  payload: Record<string, unknown>;
}

export interface LoopEventPage {
  events: LoopEventView[];
  /** Where to read on from: pass it as `after`. Given even when nothing new arrived. */
  nextCursor: string;
}

export function toLoopEventView(row: {
  id: string;
  type: string;
  occurredAt: Date;
  subjectType: string;
  subjectId: string;
  fromState: string | null;
  toState: string | null;
  actorLabel: string;
  payload: Record<string, unknown>;
}): LoopEventView {
  const number = row.payload.number;
  return {
    id: row.id,
    type: row.type,
    occurredAt: row.occurredAt,
    subject: { type: row.subjectType, id: row.subjectId, number: typeof number === "string" ? number : null },
    fromState: row.fromState,
    toState: row.toState,
    actorLabel: row.actorLabel,
    payload: row.payload,
  };
}
