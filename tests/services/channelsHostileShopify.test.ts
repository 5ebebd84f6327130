import { beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { intakeMessages } from "../../db/schema";
import { handleChannelWebhook } from "../../server/integrations/channels/webhookRoute";
import { saveChannelConnection } from "../../server/services/channels/connections";
import { storeIntakeMessage } from "../../server/services/channels/intake";
import { channelTurn } from "../../server/services/channels/turn";
import { channelConnections } from "../../db/schema";
import { channelOrders, intakeRows, SHOPIFY_DOMAIN, SHOPIFY_SECRET, shopifyOrder, shopifyRequest } from "../support/channels";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";

const t = useTestDatabase("hostile_shopify");

describe("hostile Shopify deliveries", () => {
  let w: TestWorkspace;
  let connectionId: string;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    await w.product("IPOD2008PINK");
    const connection = await saveChannelConnection(t.db, w.actors.admin, { kind: "SHOPIFY", name: "Acme shop", shopDomain: SHOPIFY_DOMAIN, warehouseCode: "DC-T", signingSecret: SHOPIFY_SECRET, accessToken: "shpat_test" });
    connectionId = connection.id;
  });
  const send = (request: Request) => handleChannelWebhook(t.db, "SHOPIFY", connectionId, request);

  it("refuses an order in JPY into a USD workspace, naming the currency, rather than read yen as cents", async () => {
    const body = JSON.parse(shopifyOrder({ id: 7001, name: "#7001", tax: "0", shipping: "0", lines: [{ sku: "IPOD2008PINK", quantity: 1, price: "1500" }] }));
    body.currency = "JPY";
    const raw = JSON.stringify(body);
    expect((await send(shopifyRequest(raw))).status).toBe(200);
    // A 1,500 yen item (~$10) must not become $15.00: refused, naming the currency.
    expect(await channelOrders(t.db, connectionId)).toEqual([]);
    const [row] = await intakeRows(t.db, connectionId);
    expect(row).toMatchObject({ status: "REJECTED", outcomes: [{ reasons: ["currency: the order is in JPY; this workspace sells in USD"] }] });
  });

  it("a delivery without X-Shopify-Shop-Domain makes no order", async () => {
    const raw = shopifyOrder({ id: 7002, name: "#7002", lines: [{ sku: "IPOD2008PINK", quantity: 1, price: "1.00" }] });
    const response = await send(shopifyRequest(raw, { headers: { "x-shopify-shop-domain": undefined } }));
    expect(response.status).toBe(400);
    expect(await channelOrders(t.db, connectionId)).toEqual([]);
    const [row] = await intakeRows(t.db, connectionId);
    expect(row!.status).toBe("REJECTED");
  });

  it("a rejected order whose name holds NUL (JSON \\u0000) is recorded as rejected, not left RECEIVED", async () => {
    const body = JSON.parse(shopifyOrder({ id: 7003, name: "#7003", lines: [{ sku: "IPOD2008PINK", quantity: 1, price: "1.00" }] }));
    body.name = "#70\u000003";
    const raw = JSON.stringify(body);
    expect(raw).toContain("\\u0000");
    expect((await send(shopifyRequest(raw))).status).toBe(200);
    const [row] = await intakeRows(t.db, connectionId);
    expect(row!.status).toBe("REJECTED");
    expect(row!.outcomes[0]!.reference).toBe("#70\uFFFD03");
  });

  it("a rejected order with a 200 KB name keeps a bounded reference", async () => {
    const body = JSON.parse(shopifyOrder({ id: 7004, name: "#7004", lines: [{ sku: "IPOD2008PINK", quantity: 1, price: "1.00" }] }));
    body.name = "N".repeat(200_000);
    const raw = JSON.stringify(body);
    expect((await send(shopifyRequest(raw))).status).toBe(200);
    const [row] = await intakeRows(t.db, connectionId);
    expect(row!.status).toBe("REJECTED");
    expect(row!.outcomes[0]?.reference?.length ?? 0).toBeLessThanOrEqual(100);
  });

  it("a message that cannot be processed does not hold up later ones in the worker turn", async () => {
    const body = JSON.parse(shopifyOrder({ id: 7005, name: "#7005", lines: [{ sku: "IPOD2008PINK", quantity: 1, price: "1.00" }] }));
    body.name = "#70\u000005";
    await send(shopifyRequest(JSON.stringify(body)));
    const [conn] = await t.db.select().from(channelConnections).where(eq(channelConnections.id, connectionId));
    const good = shopifyOrder({ id: 7006, name: "#7006", lines: [{ sku: "IPOD2008PINK", quantity: 1, price: "1.00" }] });
    await new Promise((r) => setTimeout(r, 20));
    const { message } = await storeIntakeMessage(t.db, conn!, { dedupeKey: "later-1", topic: "orders/create", headers: { "x-shopify-topic": "orders/create", "x-shopify-webhook-id": "later-1", "x-shopify-shop-domain": SHOPIFY_DOMAIN }, body: good });
    await channelTurn(t.db, new Date(Date.now() + 3_600_000)); // a turn that threw would fail the test here
    const [later] = await t.db.select().from(intakeMessages).where(eq(intakeMessages.id, message.id));
    expect(later!.status).toBe("CREATED");
  });
});
