import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { users } from "../../db/schema";
import { createCaller } from "../../server/api/root";
import { hashPassword } from "../../server/auth/password";
import { signInWithPassword } from "../../server/auth/signIn";
import type { Actor } from "../../server/services/actor";
import { saveUser } from "../../server/services/admin/saveUser";
import { actorForSession, openSession, revokeSession, type SessionRef } from "../../server/services/sessions/userSessions";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";

const t = useTestDatabase();

describe("sessions that can be revoked", () => {
  let w: TestWorkspace;
  let operator: Actor;
  let session: SessionRef;
  let other: SessionRef;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    operator = w.actors.operator;
    session = { userId: operator.userId!, sessionId: await openSession(t.db, operator.userId!) };
    other = { userId: operator.userId!, sessionId: await openSession(t.db, operator.userId!) };
  });
  const [user] = [async (id: string) => (await t.db.select().from(users).where(eq(users.id, id)))[0]!];

  it("counts a live session, read fresh from the user row", async () => {
    expect(await actorForSession(t.db, session)).toEqual(operator);
    expect(await actorForSession(t.db, { userId: w.actors.admin.userId!, sessionId: session.sessionId })).toBeNull();
    expect(await actorForSession(t.db, { userId: operator.userId!, sessionId: randomUUID() })).toBeNull();
  });

  it("signing out ends that session only", async () => {
    await revokeSession(t.db, session.sessionId);
    expect(await actorForSession(t.db, session)).toBeNull();
    expect(await actorForSession(t.db, other)).toEqual(operator);
  });

  it("a password reset by an admin ends all the user's sessions", async () => {
    const u = await user(operator.userId!);
    await saveUser(t.db, w.actors.admin, { userId: u.id, email: u.email, name: u.name, role: "operator", password: "a brand new passphrase" });
    expect(await actorForSession(t.db, session)).toBeNull();
    expect(await actorForSession(t.db, other)).toBeNull();
  });

  it("a role change ends them, and so does a new e-mail; a new name alone does not", async () => {
    const u = await user(operator.userId!);
    await saveUser(t.db, w.actors.admin, { userId: u.id, email: u.email, name: "Renamed Operator", role: "operator" });
    expect((await actorForSession(t.db, session))?.label).toBe("Renamed Operator (operator)");
    await saveUser(t.db, w.actors.admin, { userId: u.id, email: u.email, name: u.name, role: "customer", accountCode: "ACME" });
    expect(await actorForSession(t.db, session)).toBeNull();

    const fresh = { userId: u.id, sessionId: await openSession(t.db, u.id) };
    await saveUser(t.db, w.actors.admin, { userId: u.id, email: `moved-${randomUUID()}@test.local`, name: u.name, role: "customer", accountCode: "ACME" });
    expect(await actorForSession(t.db, fresh)).toBeNull();
  });

  it("'sign out everywhere' ends every session of the signed-in user and no one else's", async () => {
    const admin = { userId: w.actors.admin.userId!, sessionId: await openSession(t.db, w.actors.admin.userId!) };
    await createCaller({ db: t.db, actor: operator }).session.signOutEverywhere();
    expect(await actorForSession(t.db, session)).toBeNull();
    expect(await actorForSession(t.db, other)).toBeNull();
    expect(await actorForSession(t.db, admin)).toEqual(w.actors.admin);
  });
});

describe("e-mails unique per workspace", () => {
  it("lets two workspaces each have a user with one e-mail, says nothing of the other, and still refuses a clash inside one", async () => {
    const [a, b] = [await makeWorkspace(t.db), await makeWorkspace(t.db)];
    const email = `shared-${randomUUID()}@test.local`;
    await saveUser(t.db, a.actors.admin, { email, name: "Sam in A", role: "operator", password: "password for workspace a" });
    const inB = await saveUser(t.db, b.actors.admin, { email, name: "Sam in B", role: "operator", password: "password for workspace b" });
    expect(inB.workspaceId).toBe(b.workspace.id);
    await expect(saveUser(t.db, a.actors.admin, { email, name: "Another Sam", role: "operator", password: "a third long password" })).rejects.toMatchObject({
      code: "BAD_INPUT",
      details: { issues: [{ field: "email", message: `${email} is already in use` }] },
    });
  });

  it("signs in the user whose password fits, among that e-mail's users", async () => {
    const [a, b] = [await makeWorkspace(t.db), await makeWorkspace(t.db)];
    const email = `twice-${randomUUID()}@test.local`;
    await t.db.insert(users).values([
      { workspaceId: a.workspace.id, email, name: "Sam in A", role: "operator", passwordHash: await hashPassword("password for workspace a") },
      { workspaceId: b.workspace.id, email, name: "Sam in B", role: "admin", passwordHash: await hashPassword("password for workspace b") },
    ]);
    const ip = `203.0.113.${randomUUID().slice(0, 6)}`;
    const inA = await signInWithPassword(t.db, { email, password: "password for workspace a", ip });
    const inB = await signInWithPassword(t.db, { email, password: "password for workspace b", ip });
    expect(inA.ok && inA.user.workspaceId).toBe(a.workspace.id);
    expect(inB.ok && inB.user.workspaceId).toBe(b.workspace.id);
    expect((await signInWithPassword(t.db, { email, password: "neither of the two", ip })).ok).toBe(false);
    const session = inB.ok ? await actorForSession(t.db, { userId: inB.user.id, sessionId: inB.sessionId }) : null;
    expect(session?.role).toBe("admin");
  });
});
