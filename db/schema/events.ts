import { sql } from "drizzle-orm";
import { bigint, customType, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users, workspaces } from "./identity";

/** A Postgres `xid8`: a 64-bit transaction id that never wraps, read as a decimal string. */
const transactionIdColumn = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/**
 * Append-only loop events, written in the same transaction as the change they record. They feed
 * the timeline, live updates, outbound webhooks (deduplicated by id) and MCP. A trigger refuses
 * UPDATE and DELETE.
 */
export const loopEvents = pgTable(
  "loop_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    /**
     * Insert order, not commit order: a transaction can commit after one holding a higher seq.
     * Consumers that must not miss events read through `transactionId` (server/services/events).
     */
    seq: bigint({ mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    /**
     * The writing transaction. Every transaction below the oldest one still running has ended,
     * so the feed serves only those, in (transactionId, seq) order: nothing can appear behind it.
     */
    transactionId: transactionIdColumn().notNull().default(sql`pg_current_xact_id()`),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    type: text().notNull(),
    subjectType: text().notNull(),
    subjectId: uuid().notNull(),
    fromState: text(),
    toState: text(),
    actorId: uuid().references(() => users.id),
    actorLabel: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("loop_events_subject").on(t.workspaceId, t.subjectId, t.seq),
    index("loop_events_workspace_seq").on(t.workspaceId, t.seq),
    index("loop_events_workspace_feed").on(t.workspaceId, t.transactionId, t.seq),
    /** The webhook dispatcher's walk over every workspace in commit-safe order. */
    index("loop_events_commit_order").on(t.transactionId, t.seq),
  ],
);
