import { eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { jsonSchema } from "../../server/integrations/rest/openapi";
import { fulfillments, reservations } from "../../db/schema";
import { REST_ROUTES } from "../../server/integrations/rest/routes";
import { generatePickList } from "../../server/services/fulfillment/pickList";
import { allocateOrder } from "../../server/services/orders/allocateOrder";
import { queueForFulfillment } from "../../server/services/orders/queueForFulfillment";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";
import { workspaceSnapshot } from "../support/snapshot";
import { apiKey, fill, rest } from "../support/rest";

const t = useTestDatabase();

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[]; maxLength?: number; minimum?: number; maximum?: number; maxItems?: number; anyOf?: Schema[]; default?: unknown };

/** Real ids a body may name (the route's fulfillment and its pick line), so generated bodies reach the services' rules. */
const real = { fulfillmentId: "", reservationId: "" };

/** Values a body's schema describes (JSON Schema from the same zod schema), biased to real SKUs, codes and ids. */
function fromSchema(schema: Schema, name = ""): fc.Arbitrary<unknown> {
  if (name === "fulfillmentIds" && schema.type === "string") return fc.oneof({ weight: 4, arbitrary: fc.constant(real.fulfillmentId) }, { weight: 1, arbitrary: fc.uuid() });
  if (name === "reservationId") return fc.oneof({ weight: 4, arbitrary: fc.constant(real.reservationId) }, { weight: 1, arbitrary: fc.uuid() });
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => fromSchema(s, name)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      // Optional fields now and then, so that most bodies reach the service's own rules.
      const fields = Object.entries(props).map(([k, s]) => [k, required.has(k) ? fromSchema(s, k) : fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fromSchema(s, k) })] as const);
      return fc.record(Object.fromEntries(fields)).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
    }
    case "array":
      return fc.array(fromSchema(schema.items ?? {}, name), { minLength: 1, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case "integer":
      if (name === "quantity" || name === "found") return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...[0, 1, 2].filter((n) => n >= (schema.minimum ?? 0))) }, { weight: 1, arbitrary: fc.integer({ min: -10, max: 1_000 }) });
      return fc.integer({ min: Math.max(schema.minimum ?? -10, -10), max: Math.min(schema.maximum ?? 1_000, 1_000) });
    case "number":
      return fc.double({ noNaN: true, min: -10, max: 1_000 });
    case "boolean":
      return fc.boolean();
    case "string":
      if (name === "sku") return fc.constantFrom("SERUM", "NOPE");
      if (name === "accountCode") return fc.constantFrom("ACME", "OTHER", "NOPE");
      if (name === "country") return fc.constantFrom("US", "US", "us", "USA");
      if (name === "customerEmail") return fc.constantFrom("buyer@example.com", "buyer@example.com", "not an address");
      if (name === "warehouseCode") return fc.constantFrom("DC-T", "DC-NOPE");
      if (name === "lotCode") return fc.constantFrom("S1", "NOPE");
      if (name === "binCode") return fc.constantFrom("A-01", "Z-99");
      if (name === "carrierCode") return fc.constantFrom("UPS", "FEDEX", "NOPE");
      if (name === "serviceCode") return fc.constantFrom("GROUND", "NOPE");
      if (/date|start/i.test(name)) return fc.constantFrom("2099-01-05", "2099-01-05", "2000-01-01", "2026-02-30");
      if (/end/i.test(name)) return fc.constantFrom("2099-01-20", "2099-01-20", "2099-01-01");
      // Mostly plain words (so bodies get past the schema to the service), sometimes anything.
      return fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 -]{0,19}$/) }, { weight: 1, arbitrary: fc.string({ maxLength: Math.min(schema.maxLength ?? 20, 20) }) });
    default:
      return fc.anything();
  }
}

/** A body made worse: a field of the wrong type, a field missing, huge strings or numbers, 10,000 lines. */
function mutated(body: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(fc.constant(null), fc.constant([]), fc.constant({}), fc.constant("x"), fc.constant(-1), fc.constant(1e308), fc.constant(2 ** 53), fc.constant(true), fc.constant("\u0000"));
  return fc.tuple(body, fc.nat(), wrong, fc.constantFrom("wrongType", "missing", "hugeString", "hugeNumber", "tenThousandLines")).map(([b, i, value, how]) => {
    if (typeof b !== "object" || b === null || Array.isArray(b)) return value;
    const copy: Record<string, unknown> = { ...(b as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const key = keys.length ? keys[i % keys.length]! : "version";
    if (how === "wrongType") copy[key] = value;
    if (how === "missing") delete copy[key];
    if (how === "hugeString") copy[key] = "é".repeat(100_000);
    if (how === "hugeNumber") copy[key] = 10 ** (i % 400);
    if (how === "tenThousandLines") copy.lines = Array.from({ length: 10_000 }, () => ({ sku: "SERUM", quantity: 1 }));
    return copy;
  });
}

/**
 * Every POST route, with bodies generated from its documented schema and mutations of them:
 * never a 5xx, and a refused request writes nothing (the workspace snapshot is unchanged).
 */
describe("REST POST bodies (property)", () => {
  let w: TestWorkspace;
  let operator: string;
  let customer: string;
  let admin: string;
  let orderId: string;
  const keys = { get operator() { return operator; }, get admin() { return admin; }, get customer() { return customer; } };
  beforeAll(async () => {
    w = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.stock("SERUM", "S1", 1_000);
    orderId = (await w.order([{ sku: "SERUM", quantity: 1 }], { accountCode: "ACME", buyerPo: "PO-P" })).id;
    operator = await apiKey(t.db, w.actors.admin, { role: "operator" });
    customer = await apiKey(t.db, w.actors.admin, { role: "customer", accountCode: "ACME" });
    admin = await apiKey(t.db, w.actors.admin, { role: "admin" });
  });

  /** A fulfillment being picked, with one open pick line: each fulfillment route gets its own. */
  async function freshFulfillment() {
    const order = await w.order([{ sku: "SERUM", quantity: 2 }]);
    await allocateOrder(t.db, w.actors.operator, { orderId: order.id });
    await queueForFulfillment(t.db, w.actors.operator, { orderId: order.id });
    real.fulfillmentId = (await t.db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id)))[0]!.id;
    real.reservationId = (await t.db.select().from(reservations).where(eq(reservations.orderId, order.id)))[0]!.id;
    await generatePickList(t.db, w.actors.operator, { fulfillmentIds: [real.fulfillmentId] });
  }

  for (const route of REST_ROUTES.filter((r) => r.method === "POST")) {
    it(`${route.method} ${route.path}`, async () => {
      const onFulfillment = route.path.includes("{fulfillmentId}") || route.path === "/pick-lists";
      if (onFulfillment) await freshFulfillment();
      const valid = fromSchema(jsonSchema(route.body!, "input") as Schema);
      const statuses: number[] = [];
      await fc.assert(
        fc.asyncProperty(fc.oneof(valid, mutated(valid)), fc.constantFrom("operator", "admin", "customer"), async (body, who) => {
          const before = await workspaceSnapshot(t.db, w.workspace.id);
          const answer = await rest(t.db, "POST", fill(route.path, { orderId, fulfillmentId: real.fulfillmentId }), { key: keys[who], body });
          expect(answer.status).toBeLessThan(500);
          statuses.push(answer.status);
          if (answer.status >= 400) expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);
        }),
        { numRuns: 40 },
      );
      // With a real fulfillment and pick line, bodies get past the schema and the role to the service's state rules
      // (a success, a conflict), not only 400s. (Order bodies reach the services' own BAD_INPUT checks, also 400s.)
      if (onFulfillment) expect(statuses.filter((status) => ![400, 401, 403].includes(status)), `${route.path}: ${statuses.join(",")}`).not.toEqual([]);
    });
  }
});
