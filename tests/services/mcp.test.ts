import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { apiKeys, inventoryLedger, inventoryPositions, loopEvents, orders, reservations, shipments } from "../../db/schema";
import { runTool, type McpTool } from "../../server/integrations/mcp/tool";
import { MCP_TOOLS } from "../../server/integrations/mcp/tools";
import { createApiKey } from "../../server/services/apiKeys/createApiKey";
import { revokeApiKey } from "../../server/services/apiKeys/revokeApiKey";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, SHIP_TO, type TestWorkspace } from "../support/factories";
import { fulfillmentBeingPicked, shippedOrder } from "../support/flows";
import { callOk, callRefused, MCP_URL, mcpClient, mcpFetch, statuses } from "../support/mcp";
import { apiKey } from "../support/rest";
import { fromSchema, mutated, type RealIds, type Schema } from "../support/schemaArbitraries";
import { workspaceSnapshot } from "../support/snapshot";

const t = useTestDatabase();

const CUSTOMER_TOOLS = ["cancel_order", "get_document", "get_order", "list_documents", "place_order", "search_orders", "track_shipment"];
const STAFF_TOOLS = ["allocate_order", "allocate_orders", "check_availability", "confirm_delivery", "confirm_pick", "generate_pick_list", "get_daily_summary", "get_fulfillment", "list_exceptions", "list_fulfillments", "pack_fulfillment", "queue_for_fulfillment", "record_shipment", "release_allocation"];
const ADMIN_TOOLS = ["set_lot_qc_status"];

const INITIALIZE = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } };
const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

describe("MCP Commerce Gateway", () => {
  let w: TestWorkspace;
  let clients: { admin: Client; operator: Client; acme: Client; other: Client; stranger: Client };
  let keys: { operator: string; acme: string };
  let shipped: { id: string; number: string; tracking: string };

  beforeAll(async () => {
    w = await makeWorkspace(t.db);
    const elsewhere = await makeWorkspace(t.db);
    await w.product("SERUM", { unitPriceMinor: 1250 });
    await w.stock("SERUM", "S-1", 50, { expiresOn: "2099-01-01" });
    const { order } = await shippedOrder(t.db, w, [{ sku: "SERUM", quantity: 2 }], { carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1ZMCPWALL0001" }, { accountCode: "ACME", buyerPo: "PO-MCP-1" });
    shipped = { id: order.id, number: order.number, tracking: "1ZMCPWALL0001" };
    keys = {
      operator: await apiKey(t.db, w.actors.admin, { role: "operator", name: "Floor bot" }),
      acme: await apiKey(t.db, w.actors.admin, { role: "customer", accountCode: "ACME", name: "Acme buyer" }),
    };
    clients = {
      admin: await mcpClient(t.db, await apiKey(t.db, w.actors.admin, { role: "admin", name: "Admin bot" })),
      operator: await mcpClient(t.db, keys.operator),
      acme: await mcpClient(t.db, keys.acme),
      other: await mcpClient(t.db, await apiKey(t.db, w.actors.admin, { role: "customer", accountCode: "OTHER", name: "Other buyer" })),
      stranger: await mcpClient(t.db, await apiKey(t.db, elsewhere.actors.admin, { role: "admin", name: "Elsewhere" })),
    };
  });

  afterAll(() => {
    // Every HTTP answer of this file, including the refused and the generated ones.
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });

  it("offers each key the tools its role may use: a customer no staff tool, an operator no admin tool", async () => {
    const names = async (client: Client) => (await client.listTools()).tools.map((tool) => tool.name).sort();
    expect(await names(clients.acme)).toEqual(CUSTOMER_TOOLS);
    expect(await names(clients.operator)).toEqual([...CUSTOMER_TOOLS, ...STAFF_TOOLS].sort());
    expect(await names(clients.admin)).toEqual([...CUSTOMER_TOOLS, ...STAFF_TOOLS, ...ADMIN_TOOLS].sort());
    expect(MCP_TOOLS.map((tool) => tool.name).sort()).toEqual([...CUSTOMER_TOOLS, ...STAFF_TOOLS, ...ADMIN_TOOLS].sort());

    for (const tool of (await clients.admin.listTools()).tools) {
      expect(tool.title && tool.description && tool.description.length > 40, tool.name).toBeTruthy();
      expect(tool.inputSchema).toMatchObject({ type: "object", additionalProperties: false });
      expect(tool.outputSchema).toMatchObject({ type: "object" });
      expect(typeof tool.annotations?.readOnlyHint, tool.name).toBe("boolean");
      if (!tool.annotations!.readOnlyHint) expect(typeof tool.annotations?.destructiveHint, tool.name).toBe("boolean");
    }
    const listed = Object.fromEntries((await clients.admin.listTools()).tools.map((tool) => [tool.name, tool]));
    expect(listed.get_order!.inputSchema).toMatchObject({ oneOf: [{ required: ["orderId"] }, { required: ["number"] }] });
    expect(listed.track_shipment!.inputSchema).toMatchObject({ oneOf: [{ required: ["trackingNumber"] }, { required: ["orderNumber"] }] });
    const annotations = Object.fromEntries((await clients.admin.listTools()).tools.map((tool) => [tool.name, tool.annotations]));
    expect(annotations.get_order).toMatchObject({ readOnlyHint: true });
    expect(annotations.cancel_order).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: true });
    expect(annotations.place_order).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: false });

    // A tool the role is not offered cannot be called either, and reads like one that does not exist.
    const hidden = await callRefused(clients.acme, "check_availability", { sku: "SERUM" });
    const missing = await callRefused(clients.acme, "no_such_tool", {});
    expect([hidden.code, missing.code]).toEqual(["NOT_FOUND", "NOT_FOUND"]);
    expect(hidden.text).toMatch(/^NOT_FOUND: There is no tool check_availability for this key/);

    // Resources and the prompt follow the same walls.
    expect((await clients.acme.listResourceTemplates()).resourceTemplates.map((r) => r.uriTemplate)).toEqual(["loopline://orders/{number}"]);
    expect((await clients.operator.listResourceTemplates()).resourceTemplates.map((r) => r.uriTemplate)).toEqual(["loopline://orders/{number}", "loopline://fulfillments/{number}"]);
    expect((await clients.operator.listPrompts()).prompts.map((p) => p.name)).toEqual(["summarise_exceptions"]);
    await expect(clients.acme.listPrompts()).rejects.toThrow(/Method not found/);
    const prompt = await clients.operator.getPrompt({ name: "summarise_exceptions" });
    expect(JSON.stringify(prompt.messages)).toContain("Call get_daily_summary for today's figures and the open exceptions per kind, then list_exceptions");
  });

  it("refuses keys exactly as REST does, and answers only POST", async () => {
    const post = (headers: Record<string, string>, body: string = JSON.stringify(INITIALIZE)) => mcpFetch(t.db, MCP_URL, { method: "POST", headers: { ...MCP_HEADERS, ...headers }, body });
    const noKey = await post({});
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get("www-authenticate")).toBe('Bearer realm="loopline"');
    expect(await noKey.json()).toMatchObject({ code: "UNAUTHENTICATED", detail: "Send an API key: Authorization: Bearer ll_…" });
    expect(await (await post({ authorization: "Bearer ll_nope" })).json()).toMatchObject({ status: 401, detail: "Unknown API key." });
    const revoked = await createApiKey(t.db, w.actors.admin, { name: "Revoked bot", role: "operator" });
    await revokeApiKey(t.db, w.actors.admin, { apiKeyId: revoked.id });
    expect(await (await post({ authorization: `Bearer ${revoked.secret}` })).json()).toMatchObject({ status: 401, detail: "This API key was revoked." });
    const expired = await createApiKey(t.db, w.actors.admin, { name: "Expired bot", role: "operator" });
    await t.db.update(apiKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiKeys.id, expired.id));
    expect(await (await post({ authorization: `Bearer ${expired.secret}` })).json()).toMatchObject({ status: 401, detail: "This API key has expired." });

    const ok = await post({ authorization: `Bearer ${keys.operator}` });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("ratelimit-limit")).toBeTruthy();
    expect(ok.headers.get("mcp-session-id")).toBeNull(); // stateless
    expect(await ok.json()).toMatchObject({ result: { serverInfo: { name: "loopline" }, capabilities: { tools: {}, resources: {}, prompts: {} } } });

    // The same per-key limit as REST.
    const busy = await apiKey(t.db, w.actors.admin, { role: "operator", name: "Busy bot" });
    process.env.LOOPLINE_API_RATE_LIMIT = "2";
    try {
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await post({ authorization: `Bearer ${busy}` }));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
      expect(answers[2]!.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(await answers[2]!.json()).toMatchObject({ code: "RATE_LIMITED" });
    } finally {
      delete process.env.LOOPLINE_API_RATE_LIMIT;
    }

    for (const method of ["GET", "DELETE"]) {
      const answer = await mcpFetch(t.db, MCP_URL, { method, headers: { authorization: `Bearer ${keys.operator}`, accept: "text/event-stream" } });
      expect(answer.status).toBe(405);
      expect(answer.headers.get("allow")).toBe("POST");
    }
    const tooBig = await post({ authorization: `Bearer ${keys.operator}` }, JSON.stringify({ ...INITIALIZE, pad: "x".repeat(1_100_000) }));
    expect(tooBig.status).toBe(413);
    const notJson = await post({ authorization: `Bearer ${keys.operator}` }, "{nope");
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32700 } });
    // A batch would pass many calls for one rate-limit unit: refused as a whole.
    const batch = await post({ authorization: `Bearer ${keys.operator}` }, JSON.stringify([INITIALIZE, { ...INITIALIZE, id: 2 }]));
    expect(batch.status).toBe(400);
    expect(await batch.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32600 } });
  });

  it("keeps the tenant walls: another account's or workspace's order, shipment and documents read exactly like missing ones", async () => {
    const mine = await callOk(clients.acme, "get_order", { number: shipped.number });
    // No internal ids or codes for a buyer.
    for (const field of ["warehouseId", "requestedServiceId", "warehouseCode"]) expect(mine).not.toHaveProperty(field);
    expect(mine).toMatchObject({ id: shipped.id, buyerPo: "PO-MCP-1", allocation: [], shipments: [{ trackingNumber: shipped.tracking }] });
    expect(mine).not.toHaveProperty("warehouseId"); // the buyer's view: no warehouse internals
    expect(await callOk(clients.acme, "track_shipment", { trackingNumber: shipped.tracking })).toMatchObject({ orderNumber: shipped.number, shipments: [{ carrier: expect.any(String), status: "IN_TRANSIT", trackingUrl: expect.stringContaining(shipped.tracking) }] });
    expect((await callOk(clients.acme, "search_orders", { search: shipped.number })).rows).toHaveLength(1);

    const missingId = "00000000-0000-4000-8000-000000000000";
    for (const client of [clients.other, clients.stranger]) {
      const refusals = [
        [await callRefused(client, "get_order", { number: shipped.number }), `NOT_FOUND: Order ${shipped.number} was not found.`],
        [await callRefused(client, "get_order", { number: "NO-SUCH-ORDER" }), "NOT_FOUND: Order NO-SUCH-ORDER was not found."],
        [await callRefused(client, "get_order", { orderId: shipped.id }), `NOT_FOUND: Order ${shipped.id} was not found.`],
        [await callRefused(client, "get_order", { orderId: missingId }), `NOT_FOUND: Order ${missingId} was not found.`],
        [await callRefused(client, "track_shipment", { trackingNumber: shipped.tracking }), `NOT_FOUND: Shipment ${shipped.tracking} was not found.`],
        [await callRefused(client, "track_shipment", { trackingNumber: "1ZNOSUCH" }), "NOT_FOUND: Shipment 1ZNOSUCH was not found."],
        [await callRefused(client, "track_shipment", { orderNumber: shipped.number }), `NOT_FOUND: Order ${shipped.number} was not found.`],
        [await callRefused(client, "list_documents", { orderId: shipped.id }), `NOT_FOUND: Order ${shipped.id} was not found.`],
        [await callRefused(client, "get_document", { number: shipped.number, documentNumber: `INV-${shipped.number}-1` }), `NOT_FOUND: Order ${shipped.number} was not found.`],
        [await callRefused(client, "cancel_order", { orderId: shipped.id }), `NOT_FOUND: Order ${shipped.id} was not found.`],
      ] as const;
      expect(refusals.map(([refusal]) => refusal.text.split("\n")[0])).toEqual(refusals.map(([, expected]) => expected));
      expect((await callOk(client, "search_orders", { search: shipped.number })).rows).toEqual([]);
      const resource = await client.readResource({ uri: `loopline://orders/${shipped.number}` }).catch((error: { code: number; message: string }) => error);
      expect(resource).toMatchObject({ code: -32002, message: expect.stringContaining(`Order ${shipped.number} was not found.`) });
    }
    expect((await callOk(clients.stranger, "search_orders", {})).total).toBe(0);
    const read = await clients.acme.readResource({ uri: `loopline://orders/${shipped.number}` });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({ number: shipped.number, allocation: [] });
  });

  it("lets a staff key run an order from allocation to delivered with tools only, attributed to the key", async () => {
    const order = await w.order([{ sku: "SERUM", quantity: 3 }], { accountCode: "ACME", buyerPo: "PO-MCP-WALK" });
    const positionBefore = (await t.db.select().from(inventoryPositions).where(eq(inventoryPositions.workspaceId, w.workspace.id)))[0]!;
    const op = clients.operator;

    const short = await w.order([{ sku: "SERUM", quantity: 5_000 }]);
    const refused = await callRefused(op, "allocate_order", { orderId: short.id });
    expect(refused.text).toMatch(/^INSUFFICIENT_STOCK: Not enough usable stock: SERUM short/);
    expect(refused.problem).toMatchObject({ code: "INSUFFICIENT_STOCK", shortages: [{ sku: "SERUM", requested: 5_000, short: expect.any(Number) }], requestId: expect.any(String) });

    expect(await callOk(op, "check_availability", { sku: "SERUM" })).toMatchObject({ rows: [{ lotCode: "S-1", qcStatus: "RELEASED", available: positionBefore.onHand - positionBefore.reserved }] });
    expect(await callOk(op, "allocate_order", { orderId: order.id, version: 1 })).toMatchObject({ status: "ALLOCATED", version: 2 });
    expect(await callOk(op, "queue_for_fulfillment", { orderId: order.id })).toMatchObject({ status: "FULFILLMENT_QUEUED" });
    const detail = await callOk(op, "get_order", { orderId: order.id });
    const fulfillmentId = detail.fulfillments[0].id as string;
    expect(detail.allocation).toEqual([expect.objectContaining({ lotCode: "S-1", binCode: "A-01", quantity: 3 })]);

    const { lines } = await callOk(op, "generate_pick_list", { fulfillmentIds: [fulfillmentId] });
    expect(lines).toEqual([expect.objectContaining({ sku: "SERUM", lotCode: "S-1", binCode: "A-01", quantity: 3 })]);
    for (const line of lines) await callOk(op, "confirm_pick", { fulfillmentId, reservationId: line.reservationId, lotCode: line.lotCode, binCode: line.binCode, quantity: line.quantity });
    expect((await callRefused(op, "record_shipment", { fulfillmentId, carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1ZMCPWALK01" })).code).toBe("INVALID_TRANSITION");
    expect(await callOk(op, "pack_fulfillment", { fulfillmentId, packages: [{ weightGrams: 800, lengthMm: 300, widthMm: 200, heightMm: 100 }] })).toMatchObject({ status: "PACKED" });
    expect(await callOk(op, "record_shipment", { fulfillmentId, carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1ZMCPWALK01" })).toMatchObject({ trackingNumber: "1ZMCPWALK01", status: "IN_TRANSIT" });
    expect(await callOk(clients.acme, "track_shipment", { orderNumber: order.number })).toMatchObject({ orderStatus: "SHIPPED", shipments: [{ trackingNumber: "1ZMCPWALK01", status: "IN_TRANSIT" }] });
    expect(await callOk(op, "confirm_delivery", { fulfillmentId, signer: "Dana Reyes", note: "Dock 2" })).toMatchObject({ status: "DELIVERED" });
    expect(await callOk(op, "get_fulfillment", { fulfillmentId })).toMatchObject({ status: "CLOSED", shipment: { shipment: { status: "DELIVERED", proof: { signer: "Dana Reyes" } } } });

    // The buyer reads the documents the loop produced.
    const docs = await callOk(clients.acme, "list_documents", { number: order.number });
    expect(docs).toMatchObject({ order: { buyerPo: "PO-MCP-WALK" }, packingSlips: [{ shipment: { trackingNumber: "1ZMCPWALK01" }, lines: [{ sku: "SERUM", quantity: 3, lots: [{ lotCode: "S-1" }] }] }], invoices: [{ number: `INV-${order.number}-1`, amountMinor: 3 * 1250 }] });
    expect(await callOk(clients.acme, "get_document", { number: order.number, documentNumber: `INV-${order.number}-1` })).toMatchObject({ kind: "invoice", packingSlip: null, invoice: { trackingNumber: "1ZMCPWALK01", lines: [{ sku: "SERUM", quantity: 3 }] } });
    expect(await callOk(clients.acme, "get_document", { orderId: order.id, documentNumber: docs.packingSlips[0].fulfillmentNumber })).toMatchObject({ kind: "packing_slip", invoice: null });
    expect((await callRefused(clients.acme, "get_document", { orderId: order.id, documentNumber: "INV-NOPE" })).text).toMatch(/^NOT_FOUND: Document INV-NOPE was not found\./);

    // The database holds what the app would have written, attributed to the key on the MCP door.
    const [row] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(row).toMatchObject({ status: "CLOSED" });
    const [shipment] = await t.db.select().from(shipments).where(eq(shipments.orderId, order.id));
    expect(shipment).toMatchObject({ trackingNumber: "1ZMCPWALK01", status: "DELIVERED", proof: expect.objectContaining({ signer: "Dana Reyes" }) });
    const [position] = await t.db.select().from(inventoryPositions).where(eq(inventoryPositions.id, positionBefore.id));
    expect(position).toMatchObject({ onHand: positionBefore.onHand - 3, reserved: positionBefore.reserved });
    const ledger = await t.db.select().from(inventoryLedger).where(and(eq(inventoryLedger.positionId, positionBefore.id), eq(inventoryLedger.reference, "1ZMCPWALK01")));
    expect(ledger.map((l) => ({ kind: l.kind, quantity: l.quantity }))).toEqual([{ kind: "SHIPMENT", quantity: -3 }]);
    expect(await t.db.select().from(reservations).where(and(eq(reservations.orderId, order.id), eq(reservations.status, "ACTIVE")))).toEqual([]);
    const events = await t.db.select().from(loopEvents).where(sql`${loopEvents.subjectId} = ${order.id} or ${loopEvents.subjectId} = ${fulfillmentId}`).orderBy(loopEvents.seq);
    expect(events.filter((e) => e.subjectId === order.id).map((e) => e.toState).filter(Boolean)).toEqual(["RECEIVED", "ALLOCATED", "FULFILLMENT_QUEUED", "SHIPPED", "DELIVERED", "CLOSED"]);
    const afterCreate = events.filter((e) => e.type !== "dcm.order.received");
    expect(afterCreate.length).toBeGreaterThan(5);
    expect([...new Set(afterCreate.map((e) => e.actorLabel))]).toEqual(["MCP · Floor bot"]);
    expect(events.map((e) => e.type)).toContain("finance.invoice.issued");
  });

  it("lets a customer key place and cancel its own orders, where its account allows", async () => {
    const placed = await callOk(clients.acme, "place_order", { customerName: "Acme Builders", shipTo: SHIP_TO, buyerPo: "PO-MCP-PLACE", lines: [{ sku: "SERUM", quantity: 1 }] });
    for (const field of ["warehouseId", "requestedServiceId"]) expect(placed).not.toHaveProperty(field);
    expect(placed).toMatchObject({ status: "RECEIVED", channel: "WHOLESALE_PORTAL", accountId: w.accounts.acme.id, totalMinor: 1250 });
    expect(await callOk(clients.acme, "cancel_order", { orderId: placed.id, reason: "Ordered twice" })).toMatchObject({ status: "CANCELLED" });
    expect(await callOk(clients.acme, "cancel_order", { orderId: placed.id })).toMatchObject({ status: "CANCELLED" }); // harmless twice
    const [event] = await t.db.select().from(loopEvents).where(and(eq(loopEvents.subjectId, placed.id), eq(loopEvents.toState, "CANCELLED")));
    expect(event?.actorLabel).toBe("MCP · Acme buyer");
    // Prices come from the price list, never the request.
    expect((await callRefused(clients.acme, "place_order", { customerName: "A", shipTo: SHIP_TO, lines: [{ sku: "SERUM", quantity: 1, unitPriceMinor: 1 }] })).code).toMatch(/BAD_INPUT|FORBIDDEN/);

    // OTHER may not cancel (the account says so), exactly as in the portal.
    const theirs = await callOk(clients.other, "place_order", { customerName: "Other Co", shipTo: SHIP_TO, buyerPo: "PO-MCP-OTHER", lines: [{ sku: "SERUM", quantity: 1 }] });
    const refusal = await callRefused(clients.other, "cancel_order", { orderId: theirs.id });
    expect(refusal.text).toMatch(/^FORBIDDEN: A customer may not cancel orders for Other Co\./);
    // A customer key is not offered the staff commands, so it cannot allocate its own order.
    expect((await callRefused(clients.acme, "allocate_order", { orderId: placed.id })).code).toBe("NOT_FOUND");
  });

  it("answers a failure nobody expected with the generic message and a request id, never the error", async () => {
    const broken: McpTool = { ...MCP_TOOLS.find((tool) => tool.name === "search_orders")!, call: async () => Promise.reject(new Error("relation \"secret_table\" does not exist; params: hunter2")) };
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const result = await runTool(broken, { db: t.db, actor: w.actors.operator, requestId: "req-mcp-12345678" }, {});
      expect(result).toEqual({ isError: true, content: [{ type: "text", text: "INTERNAL: Something went wrong (request id req-mcp-12345678)." }, { type: "text", text: JSON.stringify({ code: "INTERNAL", detail: "Something went wrong (request id req-mcp-12345678).", requestId: "req-mcp-12345678" }) }] });
    } finally {
      console.error = original;
    }
    expect(JSON.stringify(errors)).toContain("req-mcp-12345678"); // the real error is in the server log, under the same id
  });
});

/**
 * Every tool, with arguments generated from the input schema tools/list declares and mutations of
 * them: always an answer (a result or a tool error, never a protocol crash or a 5xx), and a
 * refused call writes nothing.
 */
describe("MCP tool arguments (property)", () => {
  let w: TestWorkspace;
  let admin: Client;
  let customer: Client;
  const real: RealIds = { fulfillmentId: "", reservationId: "" };

  beforeAll(async () => {
    w = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.stock("SERUM", "S1", 1_000);
    const order = await w.order([{ sku: "SERUM", quantity: 1 }], { accountCode: "ACME", buyerPo: "PO-P" });
    real.orderId = order.id;
    real.orderNumber = order.number;
    admin = await mcpClient(t.db, await apiKey(t.db, w.actors.admin, { role: "admin" }));
    customer = await mcpClient(t.db, await apiKey(t.db, w.actors.admin, { role: "customer", accountCode: "ACME" }));
  });

  for (const name of [...CUSTOMER_TOOLS, ...STAFF_TOOLS, ...ADMIN_TOOLS].sort()) {
    it(name, async () => {
      const listed = (await admin.listTools()).tools.find((tool) => tool.name === name)!;
      if (JSON.stringify(listed.inputSchema).includes("fulfillmentId")) Object.assign(real, await fulfillmentBeingPicked(t.db, w, "SERUM")); // each fulfillment tool gets its own
      const valid = fromSchema(listed.inputSchema as Schema, real);
      const clients = CUSTOMER_TOOLS.includes(name) ? { admin, customer } : { admin };
      const outcomes: string[] = [];
      await fc.assert(
        fc.asyncProperty(fc.oneof(valid, mutated(valid)), fc.constantFrom(...(Object.keys(clients) as (keyof typeof clients)[])), async (args, who) => {
          const before = await workspaceSnapshot(t.db, w.workspace.id);
          const result = await clients[who]!.callTool({ name, arguments: args as Record<string, unknown> });
          outcomes.push(result.isError ? ((result.content as { text: string }[])[0]!.text.split(":")[0] ?? "") : "ok");
          if (result.isError) expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);
        }),
        { numRuns: 25 },
      );
      expect(outcomes).not.toContain("INTERNAL");
      // Generated arguments get past the schema to the services' own rules, not only BAD_INPUT. (Orders
      // reach createOrder's own checks, unknown SKU or a B2B order without PO, which are BAD_INPUT too.)
      if (name !== "place_order") expect(outcomes.some((o) => o !== "BAD_INPUT"), `${name}: ${outcomes.join(",")}`).toBe(true);
    });
  }
});
