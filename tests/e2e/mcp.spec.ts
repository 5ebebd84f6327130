import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { and, eq, ne } from "drizzle-orm";
import { accounts, loopEvents, orders, users, workspaces } from "../../db/schema";
import { actorForUser } from "../../server/services/actor";
import { createApiKey, type CreateApiKeyInput } from "../../server/services/apiKeys/createApiKey";
import type { Database } from "../../db/client";
import { expect, test, USERS } from "./support";

// An MCP client as an agent runs it: the official SDK over Streamable HTTP against the production
// build, with an API key made by the demo admin. No browser.

async function keyFor(db: Database, input: Pick<CreateApiKeyInput, "name" | "role" | "accountCode">) {
  const [admin] = await db.select().from(users).where(eq(users.email, USERS.admin));
  return (await createApiKey(db, actorForUser(admin!), input)).secret;
}

async function connect(baseURL: string, secret: string) {
  const client = new Client({ name: "loopline-e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${baseURL}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${secret}` } } }));
  return client;
}

/** Structured content (checked by the SDK client against the tool's declared output schema). */
async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(result.isError, `${name}: ${JSON.stringify(result.content).slice(0, 300)}`).toBeFalsy();
  return result.structuredContent as Record<string, any>;
}

test("an operator's agent connects over MCP, places and allocates an order with tools, and the events name the key", async ({ baseURL, db }) => {
  const client = await connect(baseURL!, await keyFor(db, { name: "E2E agent", role: "operator" }));
  expect(client.getServerVersion()?.name).toBe("loopline");
  const names = (await client.listTools()).tools.map((t) => t.name);
  expect(names).toEqual(expect.arrayContaining(["search_orders", "get_order", "track_shipment", "check_availability", "allocate_order", "record_shipment", "confirm_delivery"]));
  expect(names).not.toContain("set_lot_qc_status"); // admin only

  const placed = await call(client, "place_order", { channel: "SHOPIFY", customerName: "MCP Agent Customer", shipTo: { name: "MCP Agent Customer", line1: "1 Agent Way", city: "Boston", region: "MA", postalCode: "02110", country: "US" }, lines: [{ sku: "LMB-CLN-150", quantity: 1 }] });
  expect(placed.status).toBe("RECEIVED");
  expect(await call(client, "allocate_order", { orderId: placed.id, version: placed.version })).toMatchObject({ status: "ALLOCATED" });
  const order = await call(client, "get_order", { number: placed.number });
  expect(order).toMatchObject({ id: placed.id, status: "ALLOCATED", lines: [{ sku: "LMB-CLN-150", allocatedQty: 1 }] });
  expect(order.allocation.length).toBeGreaterThan(0);

  const stale = (await client.callTool({ name: "release_allocation", arguments: { orderId: placed.id, version: placed.version } })) as CallToolResult;
  expect(stale.isError).toBe(true);
  expect((stale.content[0] as { text: string }).text).toMatch(/^VERSION_CONFLICT: /);

  const [row] = await db.select().from(orders).where(eq(orders.id, placed.id));
  expect(row?.status).toBe("ALLOCATED");
  const events = await db.select().from(loopEvents).where(eq(loopEvents.subjectId, placed.id));
  expect(new Set(events.map((e) => e.actorLabel))).toEqual(new Set(["MCP · E2E agent"]));
  await client.close();
});

test("a customer's agent sees its own orders only, and no staff tool; a request without a key is refused", async ({ baseURL, db }) => {
  const [lmb] = await db.select().from(workspaces).where(eq(workspaces.code, "LMB"));
  const [ironridge] = await db.select().from(accounts).where(and(eq(accounts.workspaceId, lmb!.id), eq(accounts.code, "IRONRIDGE")));
  const [own] = await db.select().from(orders).where(eq(orders.accountId, ironridge!.id));
  const [foreign] = await db.select().from(orders).where(and(eq(orders.workspaceId, lmb!.id), ne(orders.accountId, ironridge!.id)));
  const client = await connect(baseURL!, await keyFor(db, { name: "Ironridge bot", role: "customer", accountCode: "IRONRIDGE" }));

  const names = (await client.listTools()).tools.map((t) => t.name);
  expect(names.sort()).toEqual(["cancel_order", "get_document", "get_order", "list_documents", "place_order", "search_orders", "track_shipment"]);
  expect(await call(client, "get_order", { number: own!.number })).toMatchObject({ id: own!.id, allocation: [] });
  const refused = (await client.callTool({ name: "get_order", arguments: { number: foreign!.number } })) as CallToolResult;
  expect(refused.isError).toBe(true);
  expect((refused.content[0] as { text: string }).text).toBe(`NOT_FOUND: Order ${foreign!.number} was not found.`);
  const found = await call(client, "search_orders", { limit: 200 });
  expect(found.rows.length).toBeGreaterThan(0);
  expect(found.rows.every((r: { accountName: string }) => r.accountName === ironridge!.name)).toBe(true);
  await client.close();

  const anonymous = await fetch(`${baseURL}/api/mcp`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }) });
  expect(anonymous.status).toBe(401);
  expect(await anonymous.json()).toMatchObject({ code: "UNAUTHENTICATED" });
  expect((await fetch(`${baseURL}/api/mcp`)).status).toBe(405);
});
