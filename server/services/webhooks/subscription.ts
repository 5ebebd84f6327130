import { sql, type SQL } from "drizzle-orm";

/**
 * The SQL condition "endpoint row `w` subscribes to event row `e`": no types listed (every
 * event), the exact type, or a prefix such as `scm.fulfillment.*`. The same rule as the
 * events feed's `types` filter (server/services/events/eventTypes.ts), over a stored list.
 */
export const subscribed: SQL = sql.raw(
  "(cardinality(w.event_types) = 0 or exists (select 1 from unnest(w.event_types) f where f = e.type or (right(f, 2) = '.*' and starts_with(e.type, left(f, -1)))))",
);
