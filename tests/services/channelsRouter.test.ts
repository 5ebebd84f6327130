import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { channelSkuMaps, workspaces } from "../../db/schema";
import { ERROR_CODES } from "../../server/api/errorCodes";
import { createCaller } from "../../server/api/root";
import { DomainError } from "../../server/domain/errors";
import type { Actor } from "../../server/services/actor";
import { constraintRefusal } from "../../server/services/constraints";
import { storeIntakeMessage } from "../../server/services/channels/intake";
import { connectionForWebhook } from "../../server/services/channels/connections";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";

const t = useTestDatabase();

const caller = (actor: Actor | null) => createCaller({ db: t.db, actor });

/** The code a client sees, as the error formatter sends it. */
async function refusal(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => "OK",
    (e: unknown) => {
      if (!(e instanceof TRPCError)) throw e;
      return e.cause instanceof DomainError ? ERROR_CODES[e.cause.code].trpc : e.code;
    },
  );
}

const SHOP = { kind: "SHOPIFY", name: "Web store", shopDomain: "test-shop.myshopify.com", signingSecret: "shpss_test", accessToken: "shpat_secret", warehouseCode: "DC-T" } as const;

describe("channels router", () => {
  let w: TestWorkspace;
  let connectionId: string;
  let messageId: string;
  beforeAll(async () => {
    w = await makeWorkspace(t.db);
    await w.product("R5656");
    const saved = await caller(w.actors.admin).channels.saveConnection(SHOP);
    connectionId = saved.id;
    const connection = await connectionForWebhook(t.db, "SHOPIFY", connectionId);
    const stored = await storeIntakeMessage(t.db, connection!, { dedupeKey: randomUUID(), topic: "orders/create", headers: { "x-shopify-topic": "orders/create" }, body: "{}" });
    messageId = stored.message.id;
  });

  it("lets an admin connect a channel, and never hands its secrets back", async () => {
    const admin = caller(w.actors.admin);
    const [listed] = await admin.channels.connections();
    const one = await admin.channels.connection({ connectionId });
    for (const c of [listed!, one]) {
      expect(c).toMatchObject({ kind: "SHOPIFY", shopDomain: "test-shop.myshopify.com", hasSigningSecret: true, hasAccessToken: true });
      expect(JSON.stringify(c)).not.toContain("shpss_test");
      expect(JSON.stringify(c)).not.toContain("shpat_secret");
    }
    // An empty secret field keeps the stored one.
    const renamed = await admin.channels.saveConnection({ ...SHOP, connectionId, name: "Web store (US)", signingSecret: undefined, accessToken: undefined });
    expect(renamed).toMatchObject({ name: "Web store (US)", hasSigningSecret: true, hasAccessToken: true });
    expect((await connectionForWebhook(t.db, "SHOPIFY", connectionId))!.signingSecret).toBe("shpss_test");
  });

  it("refuses a second channel of the same name by its field, not as an unexpected failure", async () => {
    const error = await caller(w.actors.admin).channels.saveConnection({ ...SHOP, name: "Web store (US)", shopDomain: "second.myshopify.com" }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    // As the error formatter answers it (a caller made in a test skips the formatter).
    expect(constraintRefusal((error as TRPCError).cause)).toMatchObject({ code: "BAD_INPUT", issues: [{ field: "name", message: expect.stringContaining("already in use") }] });
  });

  it("refuses a customer everything, reading included", async () => {
    const customer = caller(w.actors.customerAcme);
    const calls = [
      customer.channels.connections(),
      customer.channels.connection({ connectionId }),
      customer.channels.saveConnection({ ...SHOP, name: "Mine" }),
      customer.channels.skuMaps({ connectionId }),
      customer.channels.mapSku({ connectionId, channelKey: "R5656-2", sku: "R5656" }),
      customer.channels.intakeMessages({}),
      customer.channels.intakeMessage({ messageId }),
      customer.channels.replayIntakeMessage({ messageId }),
    ];
    for (const call of calls) expect(await refusal(call)).toBe("FORBIDDEN");
    expect(await refusal(caller(null).channels.intakeMessages({}))).toBe("UNAUTHORIZED");
  });

  it("lets an operator map SKUs and replay, but not connect or change a channel", async () => {
    const operator = caller(w.actors.operator);
    expect(await refusal(operator.channels.saveConnection({ ...SHOP, name: "Operator's store" }))).toBe("FORBIDDEN");
    expect(await refusal(operator.channels.saveConnection({ ...SHOP, connectionId, name: "Renamed" }))).toBe("FORBIDDEN");

    await operator.channels.mapSku({ connectionId, channelKey: "R5656-2", sku: "R5656", packSize: 2 });
    expect(await operator.channels.skuMaps({ connectionId })).toEqual([expect.objectContaining({ channelKey: "R5656-2", sku: "R5656", packSize: 2 })]);

    const log = await operator.channels.intakeMessages({ connectionId });
    expect(log.map((m) => m.id)).toEqual([messageId]);
    expect((await operator.channels.intakeMessage({ messageId })).body).toBe("{}");
    const replayed = await operator.channels.replayIntakeMessage({ messageId });
    expect(replayed.id).toBe(messageId);
    expect(replayed.status).not.toBe("RECEIVED");
  });

  it("keeps another workspace's channels out of sight", async () => {
    const other = await makeWorkspace(t.db);
    const theirs = caller(other.actors.admin);
    expect(await theirs.channels.connections()).toEqual([]);
    expect(await refusal(theirs.channels.connection({ connectionId }))).toBe("NOT_FOUND");
    expect(await refusal(theirs.channels.intakeMessage({ messageId }))).toBe("NOT_FOUND");
    expect(await refusal(theirs.channels.replayIntakeMessage({ messageId }))).toBe("NOT_FOUND");
    expect(await refusal(theirs.channels.mapSku({ connectionId, channelKey: "X", sku: "R5656" }))).toBe("NOT_FOUND");
    expect(await theirs.channels.skuMaps({ connectionId })).toEqual([]);
    expect(await t.db.select().from(channelSkuMaps).where(eq(channelSkuMaps.channelKey, "X"))).toEqual([]);
  });

  it("lets only an admin turn allocation on arrival on, and records who did", async () => {
    expect(await refusal(caller(w.actors.operator).admin.setAutoAllocate({ autoAllocate: true }))).toBe("FORBIDDEN");
    const admin = caller(w.actors.admin);
    expect(await admin.admin.autoAllocate()).toEqual({ autoAllocate: false });
    await admin.admin.setAutoAllocate({ autoAllocate: true });
    const [ws] = await t.db.select({ autoAllocate: workspaces.autoAllocate }).from(workspaces).where(eq(workspaces.id, w.workspace.id));
    expect(ws!.autoAllocate).toBe(true);
    const changes = await admin.admin.changes();
    expect(changes.find((c) => c.type === "admin.workspace.updated")?.payload).toEqual({ changes: { autoAllocate: [false, true] } });
  });
});
