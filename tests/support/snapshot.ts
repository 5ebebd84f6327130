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
      (select count(*) from fulfillments where workspace_id = ${workspaceId})::int as fulfillments,
      (select coalesce(sum(version), 0) from fulfillments where workspace_id = ${workspaceId})::int as fulfillment_versions,
      (select coalesce(sum(picked_qty), 0) from fulfillment_lines where workspace_id = ${workspaceId})::int as picked,
      (select count(*) from picks where workspace_id = ${workspaceId})::int as picks,
      (select count(*) from packages where workspace_id = ${workspaceId})::int as packages,
      (select count(*) from shipments where workspace_id = ${workspaceId})::int as shipments,
      (select md5(coalesce(string_agg(concat_ws('|', code, name, tracking_url_template, webhook_secret), ',' order by id), '')) from carriers where workspace_id = ${workspaceId}) as carriers,
      (select md5(coalesce(string_agg(concat_ws('|', code, name, transit_days), ',' order by id), '')) from carrier_services where workspace_id = ${workspaceId}) as carrier_services,
      (select md5(coalesce(string_agg(concat_ws('|', zone, match, value), ',' order by id), '')) from carrier_zones where workspace_id = ${workspaceId}) as carrier_zones,
      (select md5(coalesce(string_agg(concat_ws('|', zone, max_weight_grams, amount_minor), ',' order by id), '')) from carrier_rates where workspace_id = ${workspaceId}) as carrier_rates,
      (select md5(coalesce(string_agg(concat_ws('|', code, name), ',' order by id), '')) from warehouses where workspace_id = ${workspaceId}) as warehouses,
      (select md5(coalesce(string_agg(concat_ws('|', code, zone, pick_sequence, retired_at), ',' order by id), '')) from bins where workspace_id = ${workspaceId}) as bins,
      (select md5(coalesce(string_agg(concat_ws('|', sku, name, unit_price_minor, weight_grams, case_pack_qty, pallet_qty, min_shelf_life_days, lot_tracked), ',' order by id), '')) from products where workspace_id = ${workspaceId}) as products,
      (select md5(coalesce(string_agg(concat_ws('|', code, qc_status, expires_on), ',' order by id), '')) from lots where workspace_id = ${workspaceId}) as lots,
      (select md5(coalesce(string_agg(concat_ws('|', code, name, payment_terms, delivery_lead_days, may_place_orders, may_cancel_orders), ',' order by id), '')) from accounts where workspace_id = ${workspaceId}) as accounts,
      (select md5(coalesce(string_agg(concat_ws('|', email, name, role, account_id, password_hash), ',' order by id), '')) from users where workspace_id = ${workspaceId}) as users,
      (select md5(coalesce(string_agg(concat_ws('|', url, description, event_types::text, enabled, secret, previous_secret), ',' order by id), '')) from webhook_endpoints where workspace_id = ${workspaceId}) as webhook_endpoints,
      (select md5(coalesce(string_agg(concat_ws('|', status, attempts, next_attempt_at), ',' order by id), '')) from webhook_deliveries where workspace_id = ${workspaceId}) as webhook_deliveries`);
  return rows[0];
}
