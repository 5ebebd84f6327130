import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordSignInAttempt, signInBlocked } from "../../server/auth/rateLimit";
import { useTestDatabase } from "../support/database";

const t = useTestDatabase();

describe("sign-in rate limit", () => {
  it("blocks an e-mail after 5 failures in the window, whatever the address, and a success does not reset it", async () => {
    const email = `${randomUUID()}@test.local`;
    for (let i = 0; i < 4; i++) await recordSignInAttempt(t.db, email, `10.0.0.${i}`, false);
    await recordSignInAttempt(t.db, email, "10.0.0.9", true);
    expect(await signInBlocked(t.db, email, "10.0.0.9")).toBeNull();
    await recordSignInAttempt(t.db, email, "10.0.0.5", false);
    expect(await signInBlocked(t.db, email, "10.0.0.77")).toBe("Too many failed sign-ins. Try again in 15 minutes.");
    expect(await signInBlocked(t.db, `${randomUUID()}@test.local`, "10.0.0.77")).toBeNull();
  });

  it("blocks an address after 20 failures across e-mails, but never the shared 'unknown' bucket", async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 200)}-${randomUUID().slice(0, 4)}`;
    for (let i = 0; i < 20; i++) await recordSignInAttempt(t.db, `${randomUUID()}@test.local`, ip, false);
    expect(await signInBlocked(t.db, `${randomUUID()}@test.local`, ip)).toMatch(/Too many failed sign-ins/);
    for (let i = 0; i < 20; i++) await recordSignInAttempt(t.db, `${randomUUID()}@test.local`, "unknown", false);
    expect(await signInBlocked(t.db, `${randomUUID()}@test.local`, "unknown")).toBeNull();
  });
});
