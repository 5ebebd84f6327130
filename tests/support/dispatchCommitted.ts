import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../../db/client";
import { commitHorizon } from "../../server/services/events/commitHorizon";
import { dispatchLoopEvents } from "../../server/services/webhooks/dispatch";

/**
 * Dispatches until every loop event committed before the call has become deliveries. One
 * dispatch is not enough on a shared server: it reads only below the commit horizon, and a
 * write transaction open anywhere on the server (another suite, another database) holds that
 * back for as long as it runs.
 */
export async function dispatchCommitted(db: Database, timeoutMs = 20_000): Promise<void> {
  const [{ last }] = (await queryRows<{ last: string }>(db, sql`select coalesce(max(transaction_id), '0'::xid8)::text as last from loop_events`)) as [{ last: string }];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await dispatchLoopEvents(db, new Date());
    // The cursor passes a transaction id only once every event of that transaction was read.
    const [{ past }] = (await queryRows<{ past: boolean }>(db, sql`select transaction_id > ${last}::xid8 as past from webhook_dispatch_cursor where id = 1`)) as [{ past: boolean }];
    if (past) return;
    if (Date.now() > deadline) throw new Error(`events committed up to transaction ${last} were still not dispatched after ${timeoutMs / 1000} s: a transaction stays open on the server`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Waits until every loop event written before the call is below the commit horizon, so the
 * events feed serves all of them: on a shared server another suite's open transaction holds it back.
 */
export async function eventsFeedCaughtUp(db: Database, timeoutMs = 20_000): Promise<void> {
  const [{ last }] = (await queryRows<{ last: string }>(db, sql`select coalesce(max(transaction_id), '0'::xid8)::text as last from loop_events`)) as [{ last: string }];
  for (const deadline = Date.now() + timeoutMs; ; ) {
    if (BigInt(last) < (await commitHorizon(db))) return;
    if (Date.now() > deadline) throw new Error(`events up to transaction ${last} were still above the commit horizon after ${timeoutMs / 1000} s: a transaction stays open on the server`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
