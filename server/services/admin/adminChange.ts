import type { DbOrTx } from "../../../db/client";
import type { Actor } from "../actor";
import { recordEvents } from "../events";

export type AdminSubject = "carrier" | "warehouse" | "bin" | "product" | "lot" | "account" | "user" | "workspace" | "api_key" | "webhook_endpoint" | "channel_connection";

/**
 * Every admin change is an event like any other (who, when, what changed), written in the
 * change's own transaction: `admin.carrier.updated` with `{ changes: { name: [before, after] } }`.
 */
export function recordAdminChange(tx: DbOrTx, actor: Actor, subject: AdminSubject, subjectId: string, action: string, payload: Record<string, unknown>) {
  return recordEvents(tx, actor, [{ type: `admin.${subject}.${action}`, subjectType: subject, subjectId, payload }]);
}

/** The fields whose value changed, as `[before, after]`: what the audit trail shows for an update. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [key, value] of Object.entries(after)) {
    if (value !== undefined && JSON.stringify(before[key]) !== JSON.stringify(value)) changes[key] = [before[key], value];
  }
  return changes;
}
