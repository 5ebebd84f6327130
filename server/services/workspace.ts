import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { workspaces } from "../../db/schema";
import { NotFound } from "../domain/errors";
import type { Actor } from "./actor";

export type WorkspaceRow = typeof workspaces.$inferSelect;

export async function loadWorkspace(tx: DbOrTx, actor: Actor): Promise<WorkspaceRow> {
  const [ws] = await tx.select().from(workspaces).where(eq(workspaces.id, actor.workspaceId));
  if (!ws) throw new NotFound("Workspace", actor.workspaceId);
  return ws;
}

/**
 * The actor for a setup script run by whoever operates the deployment: an admin of the workspace
 * named by its code, shown on the audit trail as the script.
 */
export async function setupActor(db: DbOrTx, workspaceCode: string, label: string): Promise<Actor> {
  const [ws] = await db.select().from(workspaces).where(eq(workspaces.code, workspaceCode.toUpperCase()));
  if (!ws) throw new NotFound("Workspace", workspaceCode);
  return { userId: null, workspaceId: ws.id, role: "admin", accountId: null, label };
}
