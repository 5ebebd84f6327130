import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import superjson from "superjson";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { warehouses } from "../../db/schema";
import { appRouter } from "../../server/api/root";
import { constraintRefusal } from "../../server/services/constraints";
import { publicProcedure, router, type Context } from "../../server/api/trpc";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";
import { workspaceSnapshot } from "../support/snapshot";

const t = useTestDatabase();

const ID = "00000000-0000-4000-8000-000000000001";
const ref = { orderId: ID, version: 1 };
const fref = { fulfillmentId: ID, version: 1 };
const lot = { sku: "SERUM", lotCode: "S-1", reason: "QC sample failed" };

/**
 * A well-formed input for every mutation (null: it takes none); the property below makes it
 * hostile. A new mutation without one fails the first test, so it cannot go unchecked.
 */
const SAMPLES: Record<string, Record<string, unknown> | null> = {
  "session.signOutEverywhere": null,
  "orders.create": {
    channel: "MANUAL",
    customerName: "Ada Buyer",
    shipTo: { name: "Ada Buyer", line1: "1 Main St", line2: "Suite 2", city: "Boston", region: "MA", postalCode: "02110", country: "US" },
    plannedShipDate: "2099-01-04",
    deliveryWindow: { start: "2099-01-05", end: "2099-01-09" },
    lines: [{ sku: "SERUM", quantity: 2, uom: "EACH" }],
  },
  "orders.allocate": ref,
  "orders.allocateBackorder": ref,
  "orders.allocateMany": { orders: [ref] },
  "orders.allocateReceived": { channel: "MANUAL", customer: "ACME", warehouse: "DC-T", search: "ORD" },
  "orders.releaseAllocation": ref,
  "orders.queueForFulfillment": ref,
  "orders.releaseToPicking": ref,
  "orders.cancel": { ...ref, reason: "Customer asked" },
  "inventory.setLotQcStatus": { ...lot, qcStatus: "HOLD" },
  "inventory.receive": { warehouseCode: "DC-T", binCode: "A-01", sku: "SERUM", lotCode: "S-9", expiresOn: "2098-01-01", quantity: 5, reference: "PO-1" },
  "fulfillment.generatePickList": { fulfillmentIds: [ID] },
  "fulfillment.confirmPick": { ...fref, reservationId: ID, lotCode: "S-1", binCode: "A-01", quantity: 1 },
  "fulfillment.reportShortPick": { ...fref, reservationId: ID, found: 0 },
  "fulfillment.resolveShortPick": fref,
  "fulfillment.pack": { ...fref, packages: [{ weightGrams: 500, lengthMm: 200, widthMm: 150, heightMm: 100 }] },
  "fulfillment.ship": { ...fref, carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1Z999AA1" },
  "fulfillment.confirmDelivery": { ...fref, signer: "R. Calder", note: "Left at door" },
  "fulfillment.cancel": { ...fref, reason: "Damaged" },
  "admin.saveCarrier": { carrierId: ID, code: "DHL", name: "DHL", trackingUrlTemplate: "https://dhl.example/t/{tracking}", services: [{ code: "EXPRESS", name: "Express", transitDays: 1 }] },
  "admin.rotateWebhookSecret": { carrierId: ID },
  "admin.setCarrierZones": { carrierId: ID, zones: [{ zone: "1", match: "REGION", value: "NJ" }] },
  "admin.setCarrierRates": { carrierId: ID, rates: [{ serviceCode: "GROUND", zone: "1", maxWeightGrams: 1000, amountMinor: 900 }] },
  "admin.saveWarehouse": { warehouseId: ID, code: "DC-2", name: "Second" },
  "admin.saveBin": { binId: ID, warehouseCode: "DC-T", code: "B-01", zone: "B", pickSequence: 10 },
  "admin.deleteBin": { binId: ID },
  "admin.saveProduct": { productId: ID, sku: "TONER", name: "Toner", unitPriceMinor: 1200, weightGrams: 200, casePackQty: 6, palletQty: 60, lotTracked: true, minShelfLifeDays: 30 },
  "admin.setLotExpiry": { ...lot, expiresOn: "2098-01-01" },
  "admin.saveAccount": { accountId: ID, code: "NEWCO", name: "New Co", paymentTerms: "NET_30", deliveryLeadDays: 3, mayPlaceOrders: true, mayCancelOrders: false },
  "admin.saveUser": { userId: ID, email: "new@example.com", name: "New Person", role: "operator", password: "a long enough password" },
  "admin.createApiKey": { name: "ERP sync", role: "customer", accountCode: "ACME", expiresAt: "2098-01-01T00:00:00Z" },
  "admin.revokeApiKey": { apiKeyId: ID },
  "admin.createWebhookEndpoint": { url: "https://erp.example.com/hooks", description: "ERP", eventTypes: ["scm.fulfillment.*"], enabled: true },
  "admin.updateWebhookEndpoint": { endpointId: ID, url: "https://erp.example.com/hooks", description: "ERP", eventTypes: ["dcm.order.shipped"], enabled: false },
  "admin.rotateWebhookEndpointSecret": { endpointId: ID },
  "admin.resendWebhookDelivery": { deliveryId: ID },
  "admin.replayWebhookEvents": { endpointId: ID, since: "2026-11-01T00:00:00Z" },
  "admin.setAutoAllocate": { autoAllocate: true },
  "channels.saveConnection": { kind: "SHOPIFY", name: "Acme store", shopDomain: "acme.myshopify.com", signingSecret: "shpss_secret", accessToken: "shpat_token", unknownSkuPolicy: "REJECT", enabled: true },
  "channels.mapSku": { connectionId: ID, channelKey: "R5656-2", sku: "SERUM", packSize: 6 },
  "channels.receiveInterchange": { connectionId: ID, interchange: "ISA*00*          *00*          *ZZ*BUYER          *ZZ*US             *261123*1200*U*00401*000000001*0*P*>~" },
  "channels.replayIntakeMessage": { messageId: ID },
};

const MUTATIONS = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
  .filter(([, p]) => p._def.type === "mutation")
  .map(([path]) => path);

const NUL = "A\u0000B";
const WIDE = Array.from({ length: 30_000 }, () => "X");
const HUGE_NUMBERS = [2 ** 31, -(2 ** 31), 2 ** 53 + 2, 1e6 * 1e6, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
const BAD_DATES = ["0000-01-01", "10000-01-01", "1900-01-01", "2100-01-01", "2026-02-30"];

type Path = (string | number)[];
interface Variant {
  path: Path;
  value: unknown;
}

/** Every place in the sample and what hostile values fit there: too big, wrong type, NUL, dates out of range. */
function variants(value: unknown, path: Path = []): Variant[] {
  const at = (values: unknown[]) => values.map((v) => ({ path, value: v }));
  if (typeof value === "string") return at([NUL, 2 ** 31, WIDE, { nested: true }, true, ...(/^\d{4}-\d{2}-\d{2}$/.test(value) ? BAD_DATES : [])]);
  if (typeof value === "number") return at([...HUGE_NUMBERS, "1", [1], NUL]);
  if (typeof value === "boolean") return at([NUL, 2 ** 31, "yes"]);
  if (Array.isArray(value)) return [...at([Array.from({ length: 30_000 }, () => value[0]), NUL, 2 ** 31]), ...value.flatMap((v, i) => variants(v, [...path, i]))];
  if (value && typeof value === "object") return [...at([NUL, Number.NaN, WIDE]), ...Object.entries(value).flatMap(([k, v]) => variants(v, [...path, k]))];
  return [];
}

function withValue(sample: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...Path];
  const copy = (Array.isArray(sample) ? [...sample] : { ...(sample as object) }) as Record<string | number, unknown>;
  copy[head] = withValue(copy[head], rest, value);
  return copy;
}

/** One to three hostile values in different top-level fields of the sample (or the whole input replaced). */
function hostileInput(sample: Record<string, unknown> | null): fc.Arbitrary<unknown> {
  const whole = fc.constantFrom<unknown>(NUL, 2 ** 31, Number.NaN, WIDE, [sample], { anything: true });
  if (sample === null) return whole;
  const nested = variants(sample).filter((v) => v.path.length > 0);
  const combined = fc
    .uniqueArray(fc.constantFrom(...nested), { minLength: 1, maxLength: 3, selector: (v) => v.path[0] })
    .map((chosen) => chosen.reduce<unknown>((input, v) => withValue(input, v.path, v.value), sample));
  return fc.oneof({ arbitrary: combined, weight: 9 }, { arbitrary: whole, weight: 1 });
}

/** Calls a procedure over tRPC's fetch handler, as a browser would, and reads the answer as the client sees it. */
async function callOverHttp(ctx: Context, path: string, input: unknown, on = appRouter) {
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(`http://loopline.test/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(superjson.serialize(input)) }),
    router: on,
    createContext: () => ctx,
  });
  const body = (await response.json()) as { error?: { json: { message: string; data: Record<string, unknown> } } };
  return { status: response.status, error: body.error?.json };
}

/** What no answer may ever hold: SQL, bind parameters, hashes, secrets, stacks. */
const LEAK = /insert into|select .* from|update .* set|delete from|params:|\$argon2|whsec_|\bat .*\.(ts|js):\d+/i;

describe("hostile input to every mutation", () => {
  let w: TestWorkspace;
  let ctx: Context;
  beforeAll(async () => {
    w = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.stock("SERUM", "S-1", 5, { expiresOn: "2098-08-01" });
    ctx = { db: t.db, actor: w.actors.admin };
  });

  it("has a hostile-input generator for every mutation the router has", () => {
    expect(MUTATIONS.filter((path) => !(path in SAMPLES))).toEqual([]);
  });

  it.each(MUTATIONS)("%s refuses it field by field (400), leaks nothing and writes nothing", async (path) => {
    const before = await workspaceSnapshot(t.db, w.workspace.id);
    await fc.assert(
      fc.asyncProperty(hostileInput(SAMPLES[path]!), async (input) => {
        const { status, error } = await callOverHttp(ctx, path, input);
        expect(status).toBe(400);
        expect(error?.data.domainCode).toBe("BAD_INPUT");
        expect(error?.message).not.toMatch(LEAK);
        expect(error?.data).not.toHaveProperty("stack");
      }),
      { numRuns: 25 },
    );
    expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);
  });

  it("refuses a 5 MB string in the first text field of every mutation that takes text, naming the field", async () => {
    const big = "x".repeat(5_000_000);
    const before = await workspaceSnapshot(t.db, w.workspace.id);
    const textField = (path: string) => variants(SAMPLES[path]).find((v) => v.value === NUL && typeof pick(SAMPLES[path], v.path) === "string");
    for (const path of MUTATIONS.filter((p) => SAMPLES[p] !== null && textField(p))) {
      const field = textField(path)!;
      const { status, error } = await callOverHttp(ctx, path, withValue(SAMPLES[path], field.path, big));
      expect(status, path).toBe(400);
      const name = field.path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${p}`)).join("");
      expect(error?.message.startsWith(`${name}: `), `${path}: ${error?.message.slice(0, 200)}`).toBe(true);
    }
    expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);
  });
});

function pick(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
}

describe("an unexpected failure", () => {
  afterEach(() => vi.restoreAllMocks());

  it("answers a generic message with a request id, and logs the real error under that id", async () => {
    // A real database error carrying its statement and a hash-like parameter, through the real formatter.
    const failing = router({ boom: publicProcedure.mutation(({ ctx }) => ctx.db.execute(sql`insert into orders (id) values (${"$argon2id$v=19$secret"})`)) });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const { status, error } = await callOverHttp({ db: t.db, actor: null }, "boom", {}, failing as unknown as typeof appRouter);
    expect(status).toBe(500);
    expect(error?.message).toMatch(/^Something went wrong \(request id [0-9a-f-]{36}\)\.$/);
    expect(JSON.stringify(error)).not.toMatch(LEAK);
    const requestId = error?.data.requestId as string;
    expect(error?.message).toContain(requestId);
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0]![0])).toContain(requestId);
    expect(String(logged.mock.calls[0]![1])).toMatch(/insert into orders/i);
    expect(String(logged.mock.calls[0]![1]), "bind parameters stay out of the log").not.toMatch(/\$argon2|secret/);
  });
});

describe("what arrives before any schema", () => {
  const raw = (body: string) =>
    fetchRequestHandler({ endpoint: "/api/trpc", req: new Request("http://loopline.test/api/trpc/orders.create", { method: "POST", headers: { "content-type": "application/json" }, body }), router: appRouter, createContext: () => ({ db: t.db, actor: null }) }).then(async (r) => ({ status: r.status, body: await r.text() }));

  it("refuses superjson value types inputs never carry, at once, before sign-in is even checked", async () => {
    // This shape sends superjson's traversal into endless recursion (~200 ms of a core per request):
    // refused by our message, it never reached superjson.
    const answer = await raw('{"json":{"a":1},"meta":{"values":{"a":["class","Foo"]}}}');
    expect(answer.status).toBe(400);
    expect(answer.body).toContain("input: carries value types the API does not take");
    // What our own client sends: dates, undefined fields and a form's NaN pass on to the schemas.
    expect((await raw('{"json":{"plannedShipDate":"2099-01-01","quantity":"NaN"},"meta":{"values":{"plannedShipDate":["Date"],"quantity":["number"]}}}')).status).toBe(401);
  });

  it("answers a body that is not JSON with a field-named 400", async () => {
    const answer = await raw('{"json":{"a":');
    expect(answer.status).toBe(400);
    expect(answer.body).toContain("input: is not valid JSON");
  });
});

describe("two saves racing for one code", () => {
  it("the loser's unique-index refusal is the field error, not an unexpected failure", async () => {
    const w = await makeWorkspace(t.db);
    const error = await t.db.insert(warehouses).values({ workspaceId: w.workspace.id, code: "DC-T", name: "Twin" }).then(() => null, (e: unknown) => e);
    expect(constraintRefusal(error)).toMatchObject({ code: "BAD_INPUT", details: { issues: [{ field: "code", message: "is already in use (it was saved a moment ago)" }] } });
    expect(constraintRefusal(new Error("connection reset"))).toBeNull();
  });
});
