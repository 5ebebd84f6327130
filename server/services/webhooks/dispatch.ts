import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client";
import { commitHorizon } from "../events/commitHorizon";
import { subscribed } from "./subscription";

/** Events turned into deliveries per dispatch transaction. */
export const DISPATCH_BATCH = 1_000;

/**
 * Turns committed loop events into deliveries, one row per matching enabled endpoint, and moves
 * the dispatch cursor past them, in one transaction: a crash either keeps both or neither.
 *
 * It reads like the events feed (docs/decisions.md, Events): only below the commit horizon, in
 * (transaction id, seq) order, so an event whose transaction commits after a later-numbered one
 * is still ahead of the cursor when it appears. Commands pay nothing for this: no delivery row is
 * written in their transaction. One instance at a time holds the cursor row; the others skip their turn.
 *
 * New deliveries are due at `now`, the worker's clock. Returns how many events it read (0: caught up).
 */
export async function dispatchLoopEvents(db: Database, now: Date): Promise<{ read: number; owed: number }> {
  // Read before the lock: our own transaction then holds nothing back, and an older horizon is only safer.
  const horizon = await commitHorizon(db);
  return db.transaction(async (tx) => {
    const [cursor] = await queryRows<{ transactionId: string; seq: string }>(
      tx,
      sql`select transaction_id::text as "transactionId", seq::text as seq from webhook_dispatch_cursor where id = 1 for update skip locked`,
    );
    if (!cursor) return { read: 0, owed: 0 }; // another instance is dispatching this moment
    const [result] = await queryRows<{ read: number; owed: number; lastTransactionId: string | null; lastSeq: string | null }>(
      tx,
      sql`
      with batch as (
        select id, workspace_id, type, subject_id, seq, transaction_id, occurred_at from loop_events
        where transaction_id < ${horizon.toString()}::xid8
          and (transaction_id, seq) > (${cursor.transactionId}::xid8, ${cursor.seq}::bigint)
        order by transaction_id, seq
        limit ${DISPATCH_BATCH}
      ), owed as (
        insert into webhook_deliveries (workspace_id, endpoint_id, event_id, subject_id, event_seq, next_attempt_at)
        select e.workspace_id, w.id, e.id, e.subject_id, e.seq, ${now.toISOString()}::timestamptz
        from batch e
        join webhook_endpoints w on w.workspace_id = e.workspace_id and w.enabled and e.occurred_at >= w.created_at
        where ${subscribed}
        on conflict (endpoint_id, event_id) do nothing
        returning 1
      ), last as (select transaction_id, seq from batch order by transaction_id desc, seq desc limit 1)
      select (select count(*) from batch)::int as read, (select count(*) from owed)::int as owed,
             (select transaction_id::text from last) as "lastTransactionId", (select seq::text from last) as "lastSeq"`,
    );
    const { read, owed } = result!;
    // A short batch is everything below the horizon: the cursor moves to it, so the next turn
    // does not scan again what it already passed. Every later transaction has an id at or above it.
    const [transactionId, seq] = read < DISPATCH_BATCH ? [horizon.toString(), "0"] : [result!.lastTransactionId!, result!.lastSeq!];
    await tx.execute(sql`
      update webhook_dispatch_cursor set transaction_id = ${transactionId}::xid8, seq = ${seq}::bigint
      where id = 1 and (transaction_id, seq) < (${transactionId}::xid8, ${seq}::bigint)`);
    return { read, owed };
  });
}
