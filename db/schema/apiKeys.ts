import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accounts, roleEnum, users, workspaces } from "./identity";

/**
 * A machine actor: another system acting with exactly one role's rights. Only the SHA-256 of the
 * secret is kept (the secret is 32 random bytes, so a fast hash is enough: nothing to brute-force),
 * looked up by that hash; the prefix lets people tell keys apart in the list.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    name: text().notNull(),
    role: roleEnum().notNull(),
    /** Customer keys only: the B2B account whose orders the key sees. */
    accountId: uuid().references(() => accounts.id),
    tokenHash: text().notNull(),
    /** The first characters of the secret (`ll_AbCd…`), shown in the list. */
    prefix: text().notNull(),
    /** Null when made by the `apikey:create` script. */
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    /** Written at most once a minute, so a busy key does not turn every read into a write. */
    lastUsedAt: timestamp({ withTimezone: true }),
    /** When use after revocation was last put on the audit trail (at most once a minute). */
    revokedUseRecordedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("api_keys_token_hash").on(t.tokenHash), index("api_keys_workspace").on(t.workspaceId, t.createdAt)],
);

/**
 * `Idempotency-Key` records, per API key: claimed by an insert before the command runs (so two
 * concurrent duplicates cannot both run), completed with the response to replay. Kept 24 hours.
 */
export const apiIdempotencyKeys = pgTable(
  "api_idempotency_keys",
  {
    apiKeyId: uuid().notNull().references(() => apiKeys.id),
    key: text().notNull(),
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    requestHash: text().notNull(),
    /** Null while the first request is still running. */
    status: integer(),
    responseBody: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] }), index("api_idempotency_keys_created").on(t.createdAt)],
);

/** Requests per API key per minute (a fixed window), counted in the database so every instance agrees. */
export const apiRateWindows = pgTable(
  "api_rate_windows",
  {
    apiKeyId: uuid().notNull().references(() => apiKeys.id),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    requests: integer().notNull().default(sql`1`),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.windowStart] })],
);
