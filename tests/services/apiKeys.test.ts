import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiIdempotencyKeys, apiKeys, loopEvents, orders } from "../../db/schema";
import { DomainError } from "../../server/domain/errors";
import { authenticateApiKey } from "../../server/services/apiKeys/authenticateApiKey";
import { createApiKey } from "../../server/services/apiKeys/createApiKey";
import { listApiKeys } from "../../server/services/apiKeys/listApiKeys";
import { consumeRateLimit } from "../../server/services/apiKeys/rateLimit";
import { revokeApiKey } from "../../server/services/apiKeys/revokeApiKey";
import { hashApiKey } from "../../server/services/apiKeys/secret";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, SHIP_TO, type TestWorkspace } from "../support/factories";
import { rest } from "../support/rest";

const t = useTestDatabase();

async function refusal(run: () => Promise<unknown>) {
  const error = await run().then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("API keys", () => {
  let w: TestWorkspace;
  beforeAll(async () => {
    w = await makeWorkspace(t.db);
  });

  it("creates a key shown once, stored only as a hash, and authenticates it as the key's role and account", async () => {
    const key = await createApiKey(t.db, w.actors.admin, { name: "Acme ERP", role: "customer", accountCode: "ACME" });
    expect(key.secret).toMatch(/^ll_[A-Za-z0-9_-]{43}$/);
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row!.tokenHash).toBe(hashApiKey(key.secret));
    expect(JSON.stringify(row)).not.toContain(key.secret);
    const listed = await listApiKeys(t.db, w.actors.admin);
    expect(JSON.stringify(listed)).not.toContain(row!.tokenHash);
    expect(listed.find((k) => k.id === key.id)).toMatchObject({ name: "Acme ERP", role: "customer", accountCode: "ACME", prefix: key.secret.slice(0, 9) + "…" });

    const actor = await authenticateApiKey(t.db, key.secret);
    expect(actor).toMatchObject({ userId: null, workspaceId: w.workspace.id, role: "customer", accountId: w.accounts.acme.id, label: "API · Acme ERP", apiKeyId: key.id });
    const [created] = await t.db.select().from(loopEvents).where(and(eq(loopEvents.subjectId, key.id), eq(loopEvents.type, "admin.api_key.created")));
    expect(created!.actorLabel).toBe("Test admin (admin)");
    expect(JSON.stringify(created)).not.toContain(key.secret);
  });

  it("writes last used at most once a minute", async () => {
    const key = await createApiKey(t.db, w.actors.admin, { name: "Busy", role: "operator" });
    await authenticateApiKey(t.db, key.secret);
    const [first] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(first!.lastUsedAt).not.toBeNull();
    await authenticateApiKey(t.db, key.secret);
    const [second] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(second!.lastUsedAt).toEqual(first!.lastUsedAt);
  });

  it("refuses unknown, revoked and expired keys, and records use after revocation once a minute", async () => {
    expect((await refusal(() => authenticateApiKey(t.db, "ll_nope"))).message).toBe("Unknown API key.");
    const key = await createApiKey(t.db, w.actors.admin, { name: "Leaked", role: "admin" });
    await revokeApiKey(t.db, w.actors.admin, { apiKeyId: key.id });
    await revokeApiKey(t.db, w.actors.admin, { apiKeyId: key.id }); // twice is harmless
    for (let i = 0; i < 3; i++) expect((await refusal(() => authenticateApiKey(t.db, key.secret))).message).toBe("This API key was revoked.");
    const events = await t.db.select().from(loopEvents).where(eq(loopEvents.subjectId, key.id));
    expect(events.map((e) => e.type).sort()).toEqual(["admin.api_key.created", "admin.api_key.revoked", "admin.api_key.used_after_revoke"]);

    const expiring = await createApiKey(t.db, w.actors.admin, { name: "Temp", role: "operator", expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await authenticateApiKey(t.db, expiring.secret);
    await t.db.update(apiKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiKeys.id, expiring.id));
    expect((await refusal(() => authenticateApiKey(t.db, expiring.secret))).message).toBe("This API key has expired.");
  });

  it("refuses a customer key without an account, an operator making keys, and another workspace's key id", async () => {
    expect((await refusal(() => createApiKey(t.db, w.actors.admin, { name: "X", role: "customer" }))).code).toBe("BAD_INPUT");
    expect((await refusal(() => createApiKey(t.db, w.actors.operator, { name: "X", role: "operator" }))).code).toBe("FORBIDDEN");
    const other = await makeWorkspace(t.db);
    const key = await createApiKey(t.db, w.actors.admin, { name: "Mine", role: "operator" });
    expect((await refusal(() => revokeApiKey(t.db, other.actors.admin, { apiKeyId: key.id }))).code).toBe("NOT_FOUND");
  });

  it("limits requests per key per minute, in the database", async () => {
    const key = await createApiKey(t.db, w.actors.admin, { name: "Limited", role: "operator" });
    const decisions = await Promise.all(Array.from({ length: 8 }, () => consumeRateLimit(t.db, key.id, 5)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions.every((d) => d.resetSeconds >= 1 && d.resetSeconds <= 60)).toBe(true);

    process.env.LOOPLINE_API_RATE_LIMIT = "3";
    try {
      const limited = await createApiKey(t.db, w.actors.admin, { name: "Limited over HTTP", role: "operator" });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push(await rest(t.db, "GET", "/orders", { key: limited.secret }));
      expect(statuses.map((s) => s.status)).toEqual([200, 200, 200, 429]);
      expect(Number(statuses[3]!.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(statuses[3]!.body.code).toBe("RATE_LIMITED");
    } finally {
      delete process.env.LOOPLINE_API_RATE_LIMIT;
    }
  });

  it("creates one order for 20 parallel POSTs with one Idempotency-Key, and answers each with it", async () => {
    await w.product("IDEM");
    const key = await createApiKey(t.db, w.actors.admin, { name: "Retrying client", role: "operator" });
    const body = { customerName: "Idem Potent", shipTo: SHIP_TO, lines: [{ sku: "IDEM", quantity: 1 }] };
    const before = await t.db.select().from(orders).where(eq(orders.workspaceId, w.workspace.id));
    const answers = await Promise.all(Array.from({ length: 20 }, () => rest(t.db, "POST", "/orders", { key: key.secret, body, headers: { "idempotency-key": "order-42" } })));
    const after = await t.db.select().from(orders).where(eq(orders.workspaceId, w.workspace.id));
    expect(after.length - before.length).toBe(1);
    expect(new Set(answers.map((a) => `${a.status} ${a.body.id}`))).toEqual(new Set([`201 ${after.find((o) => !before.some((b) => b.id === o.id))!.id}`]));
    expect(answers.filter((a) => a.headers.get("idempotent-replayed") === "true")).toHaveLength(19);

    const other = await rest(t.db, "POST", "/orders", { key: key.secret, body: { ...body, customerName: "Someone else" }, headers: { "idempotency-key": "order-42" } });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
    // Per key: another key may use the same Idempotency-Key for its own request.
    const second = await createApiKey(t.db, w.actors.admin, { name: "Other client", role: "operator" });
    expect((await rest(t.db, "POST", "/orders", { key: second.secret, body, headers: { "idempotency-key": "order-42" } })).status).toBe(201);
    // After 24 hours the key is free again.
    await t.db.update(apiIdempotencyKeys).set({ createdAt: sql`now() - interval '25 hours'` }).where(and(eq(apiIdempotencyKeys.apiKeyId, key.id), eq(apiIdempotencyKeys.key, "order-42")));
    const later = await rest(t.db, "POST", "/orders", { key: key.secret, body: { ...body, customerName: "Someone else" }, headers: { "idempotency-key": "order-42" } });
    expect(later.status).toBe(201);
  });
});
