import type { DbOrTx } from "../../db/client";
import { loopEvents } from "../../db/schema";
import type { Actor } from "./actor";

export interface LoopEventInput {
  type: string;
  subjectType: "order" | "fulfillment" | "inventory_position" | "lot" | "carrier" | "warehouse" | "bin" | "product" | "account" | "user" | "workspace";
  subjectId: string;
  fromState?: string | null;
  toState?: string | null;
  payload?: Record<string, unknown>;
}

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
