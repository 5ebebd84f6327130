import { and, count, eq, ne } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { accounts, users } from "../../../db/schema";
import { BadInput, NotFound } from "../../domain/errors";
import { assertCan, ROLES } from "../../domain/permissions";
import { hashPassword } from "../../auth/password";
import { revokeUserSessions } from "../sessions/userSessions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { changedFields, recordAdminChange } from "./adminChange";
import { email, password, personName } from "./userFields";

export const saveUserInput = z
  .object({
    userId: z.uuid("must be a user id").optional(),
    email,
    name: personName,
    role: z.enum(ROLES),
    /** Customers only: the B2B account whose orders they see. */
    accountCode: z.string().trim().toUpperCase().min(1).optional(),
    /** Required for a new user; for an existing one, sets a new password. */
    password: password.optional(),
  })
  .superRefine((u, ctx) => {
    if (u.role === "customer" && !u.accountCode) ctx.addIssue({ code: "custom", path: ["accountCode"], message: "a customer belongs to a B2B account" });
    if (u.role !== "customer" && u.accountCode) ctx.addIssue({ code: "custom", path: ["accountCode"], message: "only customers belong to an account" });
    if (!u.userId && !u.password) ctx.addIssue({ code: "custom", path: ["password"], message: "is required for a new user" });
  });
export type SaveUserInput = z.input<typeof saveUserInput>;

/**
 * Creates a user or changes one's name, e-mail, role, account or password. A change of
 * password, role, account or e-mail ends the user's sessions in the same transaction; a new
 * name shows at their next request. The workspace always keeps an
 * admin. Passwords are hashed here and never recorded or returned.
 */
export async function saveUser(db: Database, actor: Actor, raw: SaveUserInput) {
  assertCan(actor.role, "admin.manage");
  const input = parseInput(saveUserInput, raw);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return db.transaction(async (tx) => {
    let accountId: string | null = null;
    if (input.accountCode) {
      const [account] = await tx.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.workspaceId, actor.workspaceId), eq(accounts.code, input.accountCode)));
      if (!account) throw BadInput.field("accountCode", `no account ${input.accountCode}`);
      accountId = account.id;
    }
    // Only this workspace's users: whether the e-mail is used by another brand is none of its business.
    const [clash] = await tx.select({ id: users.id }).from(users).where(and(eq(users.workspaceId, actor.workspaceId), eq(users.email, input.email)));
    if (clash && clash.id !== input.userId) throw BadInput.field("email", `${input.email} is already in use`);
    const fields = { email: input.email, name: input.name, role: input.role, accountId };

    if (!input.userId) {
      const [created] = await tx.insert(users).values({ workspaceId: actor.workspaceId, ...fields, passwordHash: passwordHash! }).returning();
      await recordAdminChange(tx, actor, "user", created!.id, "created", { ...fields });
      return publicUser(created!);
    }
    const [before] = await tx.select().from(users).where(and(eq(users.id, input.userId), eq(users.workspaceId, actor.workspaceId))).for("update");
    if (!before) throw new NotFound("User", input.userId);
    if (before.role === "admin" && input.role !== "admin") {
      const [others] = await tx.select({ n: count() }).from(users).where(and(eq(users.workspaceId, actor.workspaceId), eq(users.role, "admin"), ne(users.id, before.id)));
      if ((others?.n ?? 0) === 0) throw BadInput.field("role", "the workspace needs at least one admin");
    }
    // Whoever is signed in as this user must prove it again under the new terms.
    const mustSignInAgain = !!passwordHash || before.role !== fields.role || before.accountId !== fields.accountId || before.email !== fields.email;
    if (mustSignInAgain) await revokeUserSessions(tx, before.id);
    const [updated] = await tx.update(users).set({ ...fields, ...(passwordHash ? { passwordHash } : {}) }).where(eq(users.id, before.id)).returning();
    await recordAdminChange(tx, actor, "user", before.id, "updated", { changes: changedFields(before, fields), ...(passwordHash ? { passwordReset: true } : {}) });
    return publicUser(updated!);
  });
}

/** A user as the console shows it: never the password hash. */
export function publicUser({ passwordHash: _hash, ...user }: typeof users.$inferSelect) {
  return user;
}
