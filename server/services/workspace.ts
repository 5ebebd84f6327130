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
