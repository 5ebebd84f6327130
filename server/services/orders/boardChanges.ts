import { and, eq, gt, max } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { loopEvents } from "../../../db/schema";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";

/**
 * The newest loop event of the actor's workspace after `seq`, or null when nothing happened.
 * The board's live feed tails this: every change to an order or fulfillment is an event, so
 * the event table is the one source of "something moved", on any database driver.
 */
export async function latestBoardChange(db: DbOrTx, actor: Actor, afterSeq: number): Promise<number | null> {
  assertCan(actor.role, "board.read");
  const [row] = await db
    .select({ seq: max(loopEvents.seq) })
    .from(loopEvents)
    .where(and(eq(loopEvents.workspaceId, actor.workspaceId), gt(loopEvents.seq, afterSeq)));
  return row?.seq == null ? null : Number(row.seq);
}
