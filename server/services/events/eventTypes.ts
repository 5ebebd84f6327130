import { eq, or, sql, type SQL } from "drizzle-orm";
import { loopEvents } from "../../../db/schema";
import { text } from "../fields";

// How a reader names the events it wants, in the feed now and in webhook subscriptions next:
// an exact type (`scm.fulfillment.shipped`) or every type under a prefix (`scm.fulfillment.*`).

const TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?$/;

export const MAX_EVENT_TYPE_FILTERS = 50;

export const eventTypeFilter = text(100).regex(TYPE_PATTERN, "must be an event type such as scm.fulfillment.shipped, or a prefix such as scm.fulfillment.*");

/** The SQL condition for a list of filters; none means every type. */
export function loopEventTypes(filters: readonly string[] | undefined): SQL | undefined {
  if (!filters?.length) return undefined;
  // starts_with, not LIKE: `_` in a type (api_key) would be a LIKE wildcard.
  return or(...filters.map((f) => (f.endsWith(".*") ? sql`starts_with(${loopEvents.type}, ${f.slice(0, -1)})` : eq(loopEvents.type, f))));
}
