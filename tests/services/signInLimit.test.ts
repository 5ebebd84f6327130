import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { beforeAll, describe, expect, it } from "vitest";
import { users } from "../../db/schema";
import { hashPassword } from "../../server/auth/password";
import { recordSignInAttempt, signInBlocked } from "../../server/auth/rateLimit";
import { signInWithPassword } from "../../server/auth/signIn";
import { FAILURES_PER_ADDRESS, FREE_FAILURES_PER_PAIR } from "../../server/domain/signInThrottle";
import { useTestDatabase } from "../support/database";
import { makeWorkspace } from "../support/factories";

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

  it("answers an unknown e-mail in about the time of a known one (a password hash is checked either way)", async () => {
    const timed = async (who: string) => {
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        await signInWithPassword(t.db, { email: who, password: "not the password", ip: address() });
        runs.push(performance.now() - start);
      }
      return runs.sort((a, b) => a - b)[1]!;
    };
    await timed(`${randomUUID()}@test.local`); // the dummy hash is made once, on first use
    const [known, unknown] = [await timed(email), await timed(`${randomUUID()}@test.local`)];
    expect(unknown).toBeGreaterThan(known * 0.6);
  });
});
