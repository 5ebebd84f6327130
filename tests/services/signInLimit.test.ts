import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { users } from "../../db/schema";
import { hashPassword } from "../../server/auth/password";
import { recordSignInAttempt, signInBlocked } from "../../server/auth/rateLimit";
import { signInWithPassword, USERS_PER_EMAIL_TRIED } from "../../server/auth/signIn";
import { FAILURES_PER_ADDRESS, FREE_FAILURES_PER_PAIR } from "../../server/domain/signInThrottle";
import { useTestDatabase } from "../support/database";
import { makeWorkspace } from "../support/factories";

// The real argon2, counted: how many password hashes a sign-in checks.
const argon2 = vi.hoisted(() => ({ verifies: 0 }));
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...real, verify: (...args: Parameters<typeof real.verify>) => (argon2.verifies++, real.verify(...args)) };
});

const t = useTestDatabase();
const PASSWORD = "correct horse battery";
const address = () => `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 6)}`;

describe("sign-in throttling", () => {
  let email: string;
  beforeAll(async () => {
    const w = await makeWorkspace(t.db);
    email = `owner-${randomUUID()}@test.local`;
    await t.db.insert(users).values({ workspaceId: w.workspace.id, email, name: "Owner", role: "admin", passwordHash: await hashPassword(PASSWORD) });
  });

  it("lets a pair fail a few times freely, then makes it wait, right password or not, and says how long", async () => {
    const ip = address();
    for (let i = 0; i < FREE_FAILURES_PER_PAIR; i++) expect(await signInWithPassword(t.db, { email, password: "wrong password", ip })).toEqual({ ok: false, refusal: null });
    const refused = await signInWithPassword(t.db, { email, password: PASSWORD, ip });
    expect(refused).toEqual({ ok: false, refusal: "Too many failed sign-ins. Try again in 30 seconds." });
  });

  it("waits twice as long after each further failure, up to a cap", async () => {
    const ip = address();
    for (let i = 0; i < FREE_FAILURES_PER_PAIR + 3; i++) await recordSignInAttempt(t.db, email, ip, false);
    expect(await signInBlocked(t.db, email, ip)).toBe("Too many failed sign-ins. Try again in 4 minutes.");
    for (let i = 0; i < 10; i++) await recordSignInAttempt(t.db, email, ip, false);
    expect(await signInBlocked(t.db, email, ip)).toBe("Too many failed sign-ins. Try again in 15 minutes.");
  });

  it("never locks the owner out over failures from other addresses, however many", async () => {
    for (let i = 0; i < 12; i++) expect((await signInWithPassword(t.db, { email, password: "guess", ip: address() })).ok).toBe(false);
    const owner = await signInWithPassword(t.db, { email, password: PASSWORD, ip: address() });
    expect(owner.ok).toBe(true);
  });

  it("forgets a pair's failures once it signs in", async () => {
    const ip = address();
    for (let i = 0; i < FREE_FAILURES_PER_PAIR - 1; i++) await recordSignInAttempt(t.db, email, ip, false);
    expect((await signInWithPassword(t.db, { email, password: PASSWORD, ip })).ok).toBe(true);
    for (let i = 0; i < FREE_FAILURES_PER_PAIR - 1; i++) await recordSignInAttempt(t.db, email, ip, false);
    expect(await signInBlocked(t.db, email, ip)).toBeNull();
  });

  it("stops one address trying many e-mails, but not the others, and never the shared 'unknown' bucket", async () => {
    const ip = address();
    for (let i = 0; i < FAILURES_PER_ADDRESS; i++) await recordSignInAttempt(t.db, `${randomUUID()}@test.local`, ip, false);
    expect(await signInBlocked(t.db, `${randomUUID()}@test.local`, ip)).toBe("Too many failed sign-ins. Try again in 15 minutes.");
    expect(await signInBlocked(t.db, `${randomUUID()}@test.local`, address())).toBeNull();
    for (let i = 0; i < FAILURES_PER_ADDRESS; i++) await recordSignInAttempt(t.db, `${randomUUID()}@test.local`, "unknown", false);
    expect(await signInBlocked(t.db, `${randomUUID()}@test.local`, "unknown")).toBeNull();
  });

  it("checks the same number of password hashes whether an e-mail is unknown, in one workspace or in two", async () => {
    // Time is what an attacker measures, and argon2 checks are what takes it: counting them is
    // the deterministic form of "every sign-in takes as long as any other".
    const other = await makeWorkspace(t.db);
    const shared = `shared-${randomUUID()}@test.local`;
    for (const ws of [other.workspace.id, (await makeWorkspace(t.db)).workspace.id]) await t.db.insert(users).values({ workspaceId: ws, email: shared, name: "Shared", role: "operator", passwordHash: await hashPassword(PASSWORD) });
    const checks = async (who: string, password = "not the password") => {
      argon2.verifies = 0;
      await signInWithPassword(t.db, { email: who, password, ip: address() });
      return argon2.verifies;
    };
    expect([await checks(`${randomUUID()}@test.local`), await checks(email), await checks(shared), await checks(shared, PASSWORD)]).toEqual(Array(4).fill(USERS_PER_EMAIL_TRIED));
  });
});
