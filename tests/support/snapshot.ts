import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../../db/client";

/** Everything a command could write in a workspace, so a test can prove a rejection wrote nothing. */
export async function workspaceSnapshot(db: Database, workspaceId: string) {
  const rows = await queryRows(db, sql`
    select
      (select count(*) from orders where workspace_id = ${workspaceId})::int as orders,
      (select coalesce(sum(version), 0) from orders where workspace_id = ${workspaceId})::int as order_versions,
      (select count(*) from order_lines where workspace_id = ${workspaceId})::int as lines,
      (select coalesce(sum(allocated_qty + backordered_qty), 0) from order_lines where workspace_id = ${workspaceId})::int as line_allocation,
      (select count(*) from reservations where workspace_id = ${workspaceId})::int as reservations,
      (select count(*) from reservations where workspace_id = ${workspaceId} and status = 'ACTIVE')::int as active_reservations,
      (select coalesce(sum(reserved), 0) from inventory_positions where workspace_id = ${workspaceId})::int as reserved,
      (select coalesce(sum(on_hand), 0) from inventory_positions where workspace_id = ${workspaceId})::int as on_hand,
      (select count(*) from inventory_ledger where workspace_id = ${workspaceId})::int as ledger,
      (select count(*) from loop_events where workspace_id = ${workspaceId})::int as events,
      (select count(*) from fulfillments where workspace_id = ${workspaceId})::int as fulfillments`);
  return rows[0];
}
