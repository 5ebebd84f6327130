import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "../../../db/client";

/**
 * The inventory invariants, checked in SQL against what is really stored: on hand equals the
 * ledger, 0 <= reserved <= on hand, reserved equals the active reservations, no line holds more
 * than it ordered, and only live orders hold stock. Each query returns the rows that break a
 * rule, so an empty result everywhere means the workspace is sound. Tests and benchmarks run it
 * after every concurrent burst; an operator could run it as a nightly audit.
 */
export async function auditInventory(db: DbOrTx, workspaceId: string) {
  const rows = (q: ReturnType<typeof sql>) => queryRows(db, q);
  return {
    onHandNotLedger: await rows(sql`
      select p.id, p.on_hand, coalesce(sum(l.quantity), 0)::int as ledger
      from inventory_positions p left join inventory_ledger l on l.position_id = p.id
      where p.workspace_id = ${workspaceId} group by p.id having p.on_hand <> coalesce(sum(l.quantity), 0)`),
    reservedOutOfBounds: await rows(sql`
      select id, on_hand, reserved from inventory_positions
      where workspace_id = ${workspaceId} and (reserved < 0 or reserved > on_hand)`),
    reservedNotReservations: await rows(sql`
      select p.id, p.reserved, coalesce(sum(r.quantity), 0)::int as active
      from inventory_positions p left join reservations r on r.position_id = p.id and r.status = 'ACTIVE'
      where p.workspace_id = ${workspaceId} group by p.id having p.reserved <> coalesce(sum(r.quantity), 0)`),
    linesOverAllocated: await rows(sql`
      select l.id, l.quantity, l.allocated_qty, coalesce(sum(r.quantity), 0)::int as active
      from order_lines l left join reservations r on r.order_line_id = l.id and r.status = 'ACTIVE'
      where l.workspace_id = ${workspaceId} group by l.id
      having coalesce(sum(r.quantity), 0) > l.quantity or coalesce(sum(r.quantity), 0) <> l.allocated_qty`),
    reservationsOnInactiveOrders: await rows(sql`
      select r.id, o.status from reservations r join orders o on o.id = r.order_id
      where r.workspace_id = ${workspaceId} and r.status = 'ACTIVE' and o.status in ('RECEIVED', 'CANCELLED')`),
  };
}

/** What a sound workspace returns. */
export const NO_VIOLATIONS = {
  onHandNotLedger: [],
  reservedOutOfBounds: [],
  reservedNotReservations: [],
  linesOverAllocated: [],
  reservationsOnInactiveOrders: [],
};
