import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { PAYMENT_TERMS } from "../../server/domain/commercial";
import { ROLES } from "../../server/domain/permissions";

export const roleEnum = pgEnum("role", ROLES);
export const paymentTermsEnum = pgEnum("payment_terms", PAYMENT_TERMS);

/** One brand. Every business row carries its workspace. */
export const workspaces = pgTable("workspaces", {
  id: uuid().primaryKey().defaultRandom(),
  code: text().notNull().unique(),
  name: text().notNull(),
  orderPrefix: text().notNull(),
  timeZone: text().notNull().default("UTC"),
  currency: text().notNull().default("USD"),
  /** Channel orders are allocated as they arrive (an operator still allocates manual ones). */
  autoAllocate: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A B2B customer account: its terms and delivery defaults, and what its portal users may do. */
export const accounts = pgTable(
  "accounts",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    code: text().notNull(),
    name: text().notNull(),
    paymentTerms: paymentTermsEnum().notNull().default("NET_30"),
    deliveryLeadDays: integer().notNull().default(7),
    mayPlaceOrders: boolean().notNull().default(true),
    mayCancelOrders: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("accounts_workspace_code").on(t.workspaceId, t.code)],
);

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id),
    /** Unique within a workspace only: a person may hold accounts with several brands. */
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    role: roleEnum().notNull(),
    /** Set for customers only: the B2B account whose orders they see. */
    accountId: uuid().references(() => accounts.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("users_workspace").on(t.workspaceId), uniqueIndex("users_workspace_email").on(t.workspaceId, t.email), index("users_email").on(t.email)],
);

/**
 * One signed-in browser. The session cookie (a JWT) carries this row's id, and a request counts
 * only while the row is live, so signing out, a password or role change, or "sign out
 * everywhere" ends a session at once instead of when its cookie expires.
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().notNull().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("user_sessions_user").on(t.userId)],
);

/** Sign-in attempts, kept in the database so every app instance enforces the same limit. */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    ip: text().notNull(),
    succeeded: boolean().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sign_in_attempts_email_at").on(t.email, t.at), index("sign_in_attempts_ip_at").on(t.ip, t.at), index("sign_in_attempts_email_ip_at").on(t.email, t.ip, t.at)],
);
