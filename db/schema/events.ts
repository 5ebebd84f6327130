import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users, workspaces } from "./identity";

/**
 * Append-only loop events, written in the same transaction as the change they record. They feed
 * the timeline, live updates, outbound webhooks (deduplicated by id) and MCP. A trigger refuses
 * UPDATE and DELETE.
 */
export const loopEvents = pgTable(
  "loop_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Commit-ish order for consumers that tail the table. */
    seq: bigint({ mode: "number" }).notNull().generatedAlwaysAsIdentity(),
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
  (t) => [index("loop_events_subject").on(t.workspaceId, t.subjectId, t.seq), index("loop_events_workspace_seq").on(t.workspaceId, t.seq)],
);
