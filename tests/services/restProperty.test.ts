import { eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { jsonSchema } from "../../server/integrations/rest/openapi";
import { webhookDeliveries } from "../../db/schema";
import { REST_ROUTES } from "../../server/integrations/rest/routes";
import { replayWebhookEvents } from "../../server/services/webhooks/deliveries";
import { createWebhookEndpoint } from "../../server/services/webhooks/endpoints";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";
import { fulfillmentBeingPicked } from "../support/flows";
import { workspaceSnapshot } from "../support/snapshot";
import { apiKey, fill, rest } from "../support/rest";
import { fromSchema, mutated, type RealIds, type Schema } from "../support/schemaArbitraries";

const t = useTestDatabase();

/** Real ids a path or body may name (the route's fulfillment and its pick line, a webhook endpoint and a delivery), so generated bodies reach the services' rules. */
const real: RealIds = { fulfillmentId: "", reservationId: "", endpointId: "", deliveryId: "" };

const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

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

  /** A webhook endpoint with deliveries owed to it (a replay of this workspace's events; no worker runs here). */
  async function freshWebhookEndpoint() {
    real.endpointId = (await createWebhookEndpoint(t.db, w.actors.admin, { url: "https://example.com/hooks" })).id;
    await replayWebhookEvents(t.db, w.actors.admin, { endpointId: real.endpointId, since: hourAgo() });
    real.deliveryId = (await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, real.endpointId)))[0]!.id;
  }

  for (const route of REST_ROUTES.filter((r) => r.method === "POST")) {
    it(`${route.method} ${route.path}`, async () => {
      const onFulfillment = route.path.includes("{fulfillmentId}") || route.path === "/pick-lists";
      const onWebhooks = route.path.startsWith("/webhook-");
      if (onFulfillment) Object.assign(real, await fulfillmentBeingPicked(t.db, w, "SERUM")); // each fulfillment route gets its own
      if (onWebhooks) await freshWebhookEndpoint();
      // A route without a body (rotate a secret, resend a delivery) ignores whatever is sent: keys and ids are what vary.
      const valid = route.body ? fromSchema(jsonSchema(route.body, "input") as Schema, real) : fc.constant({});
      const statuses: number[] = [];
      // Webhook routes are the admin's: its key most often, so that 40 runs reach the service.
      await fc.assert(
        fc.asyncProperty(fc.oneof(valid, mutated(valid)), fc.constantFrom<keyof typeof keys>(...(onWebhooks ? ["admin", "admin", "admin"] as const : []), "operator", "admin", "customer"), async (body, who) => {
          const before = await workspaceSnapshot(t.db, w.workspace.id);
          const answer = await rest(t.db, "POST", fill(route.path, { orderId, fulfillmentId: real.fulfillmentId, endpointId: real.endpointId!, deliveryId: real.deliveryId! }), { key: keys[who], body });
          expect(answer.status).toBeLessThan(500);
          statuses.push(answer.status);
          if (answer.status >= 400) expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);
        }),
        { numRuns: 40 },
      );
      // With a real fulfillment and pick line (or a real endpoint and delivery), bodies get past the schema and the role
      // to the service's own rules (a success, a conflict), not only 400s. (Order bodies reach the services' own BAD_INPUT checks, also 400s.)
      if (onFulfillment || onWebhooks) expect(statuses.filter((status) => ![400, 401, 403].includes(status)), `${route.path}: ${statuses.join(",")}`).not.toEqual([]);
    });
  }
});
