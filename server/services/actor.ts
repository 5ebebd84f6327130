import type { Role } from "../domain/permissions";

/** Who runs a command, as established by sign-in (or an API key, or the system). */
export interface Actor {
  userId: string | null;
  workspaceId: string;
  role: Role;
  /** Customers only: the B2B account they act for. */
  accountId: string | null;
  /** Shown on the timeline: "Olivia Ortiz (operator)". */
  label: string;
  /** Set when an API key acts: idempotency records and rate limits are kept per key. */
  apiKeyId?: string;
}

export function actorForUser(user: { id: string; workspaceId: string; role: Role; accountId: string | null; name: string }): Actor {
  return { userId: user.id, workspaceId: user.workspaceId, role: user.role, accountId: user.accountId, label: `${user.name} (${user.role})` };
}
