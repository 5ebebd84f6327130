import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../server/api/errorCodes";
import { appRouter, createCaller } from "../../server/api/root";
import { DomainError } from "../../server/domain/errors";
import type { Actor } from "../../server/services/actor";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";

const t = useTestDatabase();

type Who = "signedOut" | "admin" | "operator" | "customer" | "otherWorkspaceAdmin";
type Expected = "allowed" | "forbidden";
const STAFF: Record<Who, Expected> = { signedOut: "forbidden", admin: "allowed", operator: "allowed", customer: "forbidden", otherWorkspaceAdmin: "allowed" };
const SIGNED_IN: Record<Who, Expected> = { ...STAFF, customer: "allowed" };
const PUBLIC: Record<Who, Expected> = { ...SIGNED_IN, signedOut: "allowed" };
const ADMIN: Record<Who, Expected> = { ...STAFF, operator: "forbidden" };

/**
 * Who may call what. Every procedure of the router must be listed here: a new one without an
 * expectation fails the first test, so it cannot be forgotten. "allowed" means the call gets
 * past authorization (it may still be refused for its input or not find another tenant's row).
 */
const MATRIX: Record<string, Record<Who, Expected>> = {
  "session.me": PUBLIC,
  "session.signOutEverywhere": SIGNED_IN,
  "orders.list": SIGNED_IN,
  "orders.byId": SIGNED_IN,
  "orders.documents": SIGNED_IN,
  "orders.channelActivity": STAFF,
  "orders.formOptions": SIGNED_IN,
  "orders.create": SIGNED_IN,
  "orders.cancel": SIGNED_IN,
  "orders.allocate": STAFF,
  "orders.allocateBackorder": STAFF,
  "orders.allocateMany": STAFF,
  "orders.allocateReceived": STAFF,
  "orders.releaseAllocation": STAFF,
  "orders.queueForFulfillment": STAFF,
  "orders.releaseToPicking": STAFF,
  "orders.board": STAFF,
  "inventory.positions": STAFF,
  "inventory.receive": STAFF,
  "inventory.setLotQcStatus": ADMIN,
  "fulfillment.queue": STAFF,
  "fulfillment.byId": STAFF,
  "fulfillment.shippingOptions": STAFF,
  "fulfillment.quote": STAFF,
  "fulfillment.pickList": STAFF,
  "fulfillment.generatePickList": STAFF,
  "fulfillment.confirmPick": STAFF,
  "fulfillment.reportShortPick": STAFF,
  "fulfillment.resolveShortPick": STAFF,
  "fulfillment.pack": STAFF,
  "fulfillment.ship": STAFF,
  "fulfillment.confirmDelivery": STAFF,
  "fulfillment.cancel": STAFF,
  "admin.changes": ADMIN,
  "admin.carriers": ADMIN,
  "admin.carrier": ADMIN,
  "admin.saveCarrier": ADMIN,
  "admin.rotateWebhookSecret": ADMIN,
  "admin.setCarrierZones": ADMIN,
  "admin.setCarrierRates": ADMIN,
  "admin.warehouses": ADMIN,
  "admin.saveWarehouse": ADMIN,
  "admin.saveBin": ADMIN,
  "admin.deleteBin": ADMIN,
  "admin.products": ADMIN,
  "admin.saveProduct": ADMIN,
  "admin.setLotExpiry": ADMIN,
  "admin.people": ADMIN,
  "admin.saveAccount": ADMIN,
  "admin.saveUser": ADMIN,
  "admin.apiKeys": ADMIN,
  "admin.createApiKey": ADMIN,
  "admin.revokeApiKey": ADMIN,
  "admin.webhookEndpoints": ADMIN,
  "admin.webhookEndpoint": ADMIN,
  "admin.webhookDeliveries": ADMIN,
  "admin.createWebhookEndpoint": ADMIN,
  "admin.updateWebhookEndpoint": ADMIN,
  "admin.rotateWebhookEndpointSecret": ADMIN,
  "admin.resendWebhookDelivery": ADMIN,
  "admin.replayWebhookEvents": ADMIN,
  "admin.autoAllocate": ADMIN,
  "admin.setAutoAllocate": ADMIN,
  "channels.connections": STAFF,
  "channels.connection": STAFF,
  "channels.saveConnection": ADMIN,
  "channels.skuMaps": STAFF,
  "channels.mapSku": STAFF,
  "channels.intakeMessages": STAFF,
  "channels.intakeMessage": STAFF,
  "channels.replayIntakeMessage": STAFF,
  "channels.receiveInterchange": ADMIN,
  "channels.ediDocuments": STAFF,
};

function call(actor: Actor | null, path: string, input: unknown): Promise<unknown> {
  const caller = createCaller({ db: t.db, actor }) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  const [area, name] = path.split(".") as [string, string];
  return caller[area]![name]!(input);
}

/** The code a client sees: a domain error's mapped code (as the error formatter sends it), else tRPC's. */
function clientCode(e: unknown): string {
  if (!(e instanceof TRPCError)) throw e;
  return e.cause instanceof DomainError ? ERROR_CODES[e.cause.code].trpc : e.code;
}

async function outcome(actor: Actor | null, path: string, input: unknown): Promise<string> {
  return call(actor, path, input).then(() => "OK", clientCode);
}

describe("access matrix", () => {
  let w: TestWorkspace;
  let other: TestWorkspace;
  let actors: Record<Exclude<Who, "signedOut">, Actor>;
  beforeAll(async () => {
    w = await makeWorkspace(t.db);
    other = await makeWorkspace(t.db);
    actors = { admin: w.actors.admin, operator: w.actors.operator, customer: w.actors.customerAcme, otherWorkspaceAdmin: other.actors.admin };
  });

  it("lists an expectation for every procedure the router has", () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it("lets exactly the right people past authorization, for every procedure", async () => {
    const failures: string[] = [];
    for (const [path, expected] of Object.entries(MATRIX)) {
      for (const who of Object.keys(expected) as Who[]) {
        const code = await outcome(who === "signedOut" ? null : actors[who], path, {});
        const got = code === "UNAUTHORIZED" || code === "FORBIDDEN" ? "forbidden" : "allowed";
        if (got !== expected[who]) failures.push(`${path} as ${who}: expected ${expected[who]}, got ${code}`);
        if (who === "signedOut" && got === "forbidden" && code !== "UNAUTHORIZED") failures.push(`${path} signed out: expected UNAUTHORIZED, got ${code}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("answers 'not found' for another account's or another workspace's order, with no hint that it exists", async () => {
    await w.product("SERUM");
    const theirs = await w.order([{ sku: "SERUM", quantity: 1 }], { accountCode: "OTHER", buyerPo: "PO-O-1" });
    const missing = "00000000-0000-4000-8000-000000000000";
    for (const actor of [actors.customer, actors.otherWorkspaceAdmin]) {
      for (const orderId of [theirs.id, missing]) {
        const error = await call(actor, "orders.byId", { orderId }).then(() => null, (e: TRPCError) => e);
        expect(clientCode(error)).toBe("NOT_FOUND");
        expect(error?.message).toBe(`Order ${orderId} was not found.`);
      }
    }
  });
});
