import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { orderNumberCounters } from "../../../db/schema";

/**
 * The next order number of a workspace's year: LMB-ORD-2026-0041. The counter row is locked by
 * the upsert, so concurrent orders get distinct numbers without gaps from rollbacks mattering.
 */
export async function nextOrderNumber(tx: Tx, workspace: { id: string; orderPrefix: string }, year: number): Promise<string> {
  const [counter] = await tx
    .insert(orderNumberCounters)
    .values({ workspaceId: workspace.id, year, last: 1 })
    .onConflictDoUpdate({ target: [orderNumberCounters.workspaceId, orderNumberCounters.year], set: { last: sql`${orderNumberCounters.last} + 1` } })
    .returning();
  return `${workspace.orderPrefix}-ORD-${year}-${String(counter!.last).padStart(4, "0")}`;
}
