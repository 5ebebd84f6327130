import type { DbOrTx } from "../../db/client";
import { loopEvents } from "../../db/schema";
import type { Actor } from "./actor";

export interface LoopEventInput {
  type: string;
  subjectType: "order" | "fulfillment" | "inventory_position" | "lot" | "carrier" | "warehouse" | "bin" | "product" | "account" | "user" | "workspace" | "api_key" | "webhook_endpoint" | "channel_connection";
  subjectId: string;
  fromState?: string | null;
  toState?: string | null;
  payload?: Record<string, unknown>;
}

/**
 * A timeline entry as pages and APIs show it. Never `seq`: it runs across every workspace of the
 * deployment, so it would show another brand's activity volume.
 */
export const timelineEntry = {
  id: loopEvents.id,
  type: loopEvents.type,
  subjectType: loopEvents.subjectType,
  subjectId: loopEvents.subjectId,
  fromState: loopEvents.fromState,
  toState: loopEvents.toState,
  actorLabel: loopEvents.actorLabel,
  payload: loopEvents.payload,
  occurredAt: loopEvents.occurredAt,
};

/** Appends loop events inside the caller's transaction: they commit or vanish with the change. */
export async function recordEvents(tx: DbOrTx, actor: Actor, events: LoopEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(loopEvents).values(
    events.map((e) => ({
      workspaceId: actor.workspaceId,
      type: e.type,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      fromState: e.fromState ?? null,
      toState: e.toState ?? null,
      actorId: actor.userId,
      actorLabel: actor.label,
      payload: e.payload ?? {},
    })),
  );
}
