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
    email: text().notNull().unique(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    role: roleEnum().notNull(),
    /** Set for customers only: the B2B account whose orders they see. */
    accountId: uuid().references(() => accounts.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("users_workspace").on(t.workspaceId)],
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
  (t) => [index("sign_in_attempts_email_at").on(t.email, t.at), index("sign_in_attempts_ip_at").on(t.ip, t.at)],
);
