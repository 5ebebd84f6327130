import { and, eq, gt, inArray, isNull, max, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { loopEvents, userSessions, users } from "../../../db/schema";
import { assertCan, can } from "../../domain/permissions";
import type { Actor } from "../actor";

/**
 * The newest loop event of the actor's workspace after `seq`, or null when nothing happened.
 * The board's live feed tails this: every change to an order or fulfillment is an event, so
 * the event table is the one source of "something moved", on any database driver.
 */
export async function latestBoardChange(db: DbOrTx, actor: Actor, afterSeq: number): Promise<number | null> {
  assertCan(actor.role, "board.read");
  return latestWorkspaceEvent(db, actor.workspaceId, afterSeq);
}

/** The same for the feed's poller, which serves a whole workspace rather than one actor. */
export async function latestWorkspaceEvent(db: DbOrTx, workspaceId: string, afterSeq: number): Promise<number | null> {
  const [row] = await db
    .select({ seq: max(loopEvents.seq) })
    .from(loopEvents)
    .where(and(eq(loopEvents.workspaceId, workspaceId), gt(loopEvents.seq, afterSeq)));
  return row?.seq == null ? null : Number(row.seq);
}

/** Of these sessions, the ones still live whose user may still read this workspace's board: one query for all of a feed's followers. */
export async function sessionsStillOnBoard(db: DbOrTx, workspaceId: string, sessionIds: string[]): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await db
    .select({ id: userSessions.id, role: users.role })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(and(inArray(userSessions.id, sessionIds), isNull(userSessions.revokedAt), gt(userSessions.expiresAt, sql`now()`), eq(users.workspaceId, workspaceId)));
  return new Set(rows.filter((r) => can(r.role, "board.read")).map((r) => r.id));
}
