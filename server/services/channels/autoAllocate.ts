import { asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { orders } from "../../../db/schema";
import type { Actor } from "../actor";
import { allocateOrders } from "../orders/allocateOrder";

/** Orders one worker turn takes; each batch of them is one transaction. */
const TURN_LIMIT = 1000;
const BATCH = 100;

/** Who allocated, on the timeline: the workspace's own setting, acting with an operator's rights. */
function autoAllocator(workspaceId: string): Actor {
  return { userId: null, workspaceId, role: "operator", accountId: null, label: "Auto-allocation" };
}

/**
 * The worker's share of auto-allocation: channel orders created while their workspace
 * auto-allocates are allocated here in batches, oldest first per workspace, instead of inside
 * the channel's request. Each order is tried once: one that is short stays RECEIVED for an
 * operator, as on the board. Returns how many orders were decided.
 */
export async function allocateDueChannelOrders(db: Database): Promise<number> {
  const due = await db
    .select({ id: orders.id, workspaceId: orders.workspaceId })
    .from(orders)
    .where(eq(orders.autoAllocateDue, true))
    .orderBy(asc(orders.receivedAt))
    .limit(TURN_LIMIT);
  const byWorkspace = new Map<string, string[]>();
  for (const { id, workspaceId } of due) {
    const ids = byWorkspace.get(workspaceId);
    if (ids) ids.push(id);
    else byWorkspace.set(workspaceId, [id]);
  }
  for (const [workspaceId, ids] of byWorkspace) {
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      // An order allocated, cancelled or amended meanwhile is refused as such, which is fine:
      // the flag only says it is still to be tried. Cleared after, so a crash between the two
      // only means one more try.
      try {
        await allocateOrders(db, autoAllocator(workspaceId), { orders: batch.map((orderId) => ({ orderId })) });
        await db.update(orders).set({ autoAllocateDue: false }).where(inArray(orders.id, batch));
      } catch (error) {
        // Left due for the next turn; the other batches, intake and the outbox go on.
        console.error(`auto-allocation of ${batch.length} orders in workspace ${workspaceId} failed`, error);
      }
    }
  }
  return due.length;
}
