import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../../db/client";
import { loopEvents } from "../../../db/schema";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { timelineEntry } from "../events";
import { text, wholeNumber } from "../fields";
import { parseInput } from "../input";
import { commitHorizon } from "./commitHorizon";
import { loadWorkspace } from "../workspace";
import { forCustomer } from "./customerView";
import { decodeFeedCursor, encodeFeedCursor, FEED_START, MAX_FEED_CURSOR, type FeedPosition } from "./feedCursor";
import { eventTypeFilter, loopEventTypes, MAX_EVENT_TYPE_FILTERS } from "./eventTypes";
import { loopEventScope } from "./eventScope";
import { toLoopEventView, type LoopEventPage } from "./loopEventView";

export const readLoopEventsInput = z.object({
  /** The `nextCursor` of the previous page; empty or absent starts from the first event. */
  after: text(MAX_FEED_CURSOR).optional(),
  types: z.array(eventTypeFilter).max(MAX_EVENT_TYPE_FILTERS, `must list at most ${MAX_EVENT_TYPE_FILTERS} types`).optional(),
  limit: wholeNumber(1, 500).default(100),
});
export type ReadLoopEventsInput = z.input<typeof readLoopEventsInput>;

/**
 * The loop events an actor may read, after a cursor, in commit-safe order: the one feed behind
 * `GET /api/v1/events`, the webhook outbox and MCP (docs/decisions.md, Events).
 *
 * `seq` is taken at insert, not commit, so "after the last seq seen" would skip an event whose
 * transaction commits after a later-numbered one. The feed serves only events of transactions
 * older than the oldest one still running, ordered by (transaction id, seq): nothing can commit
 * into the part already served, so a cursor walk delivers every event exactly once, in a stable
 * order. An open transaction delays the events after it; it never loses them.
 */
export async function readLoopEvents(db: DbOrTx, actor: Actor, raw: ReadLoopEventsInput = {}): Promise<LoopEventPage> {
  assertCan(actor.role, "event.read");
  const input = parseInput(readLoopEventsInput, raw);
  const after = input.after ? decodeFeedCursor(actor.workspaceId, input.after) : FEED_START;
  const horizon = await commitHorizon(db);

  const rows = await db
    .select({ ...timelineEntry, actorId: loopEvents.actorId, transactionId: sql<string>`${loopEvents.transactionId}::text`, seq: loopEvents.seq })
    .from(loopEvents)
    .where(
      and(
        eq(loopEvents.workspaceId, actor.workspaceId),
        sql`${loopEvents.transactionId} < ${horizon.toString()}::xid8`,
        sql`(${loopEvents.transactionId}, ${loopEvents.seq}) > (${after.transactionId.toString()}::xid8, ${after.seq.toString()}::bigint)`,
        loopEventScope(db, actor),
        loopEventTypes(input.types),
      ),
    )
    .orderBy(asc(loopEvents.transactionId), asc(loopEvents.seq))
    .limit(input.limit);

  const last = rows.at(-1);
  // A short page holds everything below the horizon that this reader may see, so the cursor
  // moves to the horizon: the next read starts there instead of scanning the other events
  // (other subjects, other types) again. Later transactions all have ids at or above it.
  const next: FeedPosition =
    rows.length < input.limit ? later(after, { transactionId: horizon, seq: 0n }) : { transactionId: BigInt(last!.transactionId), seq: BigInt(last!.seq) };
  const workspaceName = actor.role === "customer" ? (await loadWorkspace(db, actor)).name : null;
  return {
    events: rows.map(({ transactionId: _t, seq: _s, ...row }) => toLoopEventView(workspaceName === null ? row : forCustomer(row, actor, workspaceName))),
    nextCursor: encodeFeedCursor(actor.workspaceId, next),
  };
}

function later(a: FeedPosition, b: FeedPosition): FeedPosition {
  return a.transactionId > b.transactionId || (a.transactionId === b.transactionId && a.seq >= b.seq) ? a : b;
}
