import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { channelConnections, channelOutbox, orders } from "../../db/schema";
import { handleChannelWebhook } from "../../server/integrations/channels/webhookRoute";
import { ChannelPushError } from "../../server/integrations/channels/pushError";
import { saveChannelConnection } from "../../server/services/channels/connections";
import { receiveInterchange } from "../../server/services/channels/edi";
import { runChannelOutbox } from "../../server/services/channels/outbox";
import { channelWork } from "../../server/services/channels/registry";
import { packFulfillment } from "../../server/services/fulfillment/packFulfillment";
import { recordShipment } from "../../server/services/fulfillment/recordShipment";
import { reportShortPick, resolveShortPick } from "../../server/services/fulfillment/shortPick";
import { generatePickList } from "../../server/services/fulfillment/pickList";
import { allocateOrder } from "../../server/services/orders/allocateOrder";
import { queueForFulfillment } from "../../server/services/orders/queueForFulfillment";
import { channelOrders, edi850, ediPartnerWorkspace, SHOPIFY_DOMAIN, SHOPIFY_SECRET, shopifyOrder, shopifyRequest } from "../support/channels";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";
import { startFakeShopify } from "../support/fakeShopify";
import { BOX, fulfillmentOf, shipOrder } from "../support/flows";

const t = useTestDatabase("hostile_outbox");

describe("channel work after a partial shipment or a final refusal", () => {
  let w: TestWorkspace;
  let shop: Awaited<ReturnType<typeof startFakeShopify>>;
  let connectionId: string;
  const GID = "gid://shopify/Order/8001";
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    await w.product("IPOD2008PINK");
    await w.stock("IPOD2008PINK", "L-1", 5);
    shop = await startFakeShopify({ accessToken: "shpat_test", apiVersion: "2026-10", orders: { [GID]: [{ id: "gid://shopify/FulfillmentOrder/81", status: "OPEN", lines: [{ id: "gid://shopify/FulfillmentOrderLineItem/811", remainingQuantity: 3, sku: "IPOD2008PINK", variantId: "gid://shopify/ProductVariant/808950810" }] }] } });
    const c = await saveChannelConnection(t.db, w.actors.admin, { kind: "SHOPIFY", name: "Acme shop", shopDomain: SHOPIFY_DOMAIN, warehouseCode: "DC-T", signingSecret: SHOPIFY_SECRET, accessToken: "shpat_test", apiBaseUrl: shop.baseUrl });
    connectionId = c.id;
  });
  afterEach(async () => {
    await shop.close();
  });

  it("a first, partial shipment (1 of 3) tells Shopify only what shipped", async () => {
    await handleChannelWebhook(t.db, "SHOPIFY", connectionId, shopifyRequest(shopifyOrder({ id: 8001, name: "#8001", lines: [{ sku: "IPOD2008PINK", quantity: 3, price: "1.00" }] })));
    const [order] = await channelOrders(t.db, connectionId);
    await allocateOrder(t.db, w.actors.operator, { orderId: order!.id, version: 1 });
    await queueForFulfillment(t.db, w.actors.operator, { orderId: order!.id, version: 2 });
    let f = await fulfillmentOf(t.db, order!.id);
    const pickList = await generatePickList(t.db, w.actors.operator, { fulfillmentIds: [f.id] });
    f = await fulfillmentOf(t.db, order!.id);
    await reportShortPick(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, reservationId: pickList[0]!.reservationId, found: 1 });
    f = await fulfillmentOf(t.db, order!.id);
    f = await resolveShortPick(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version });
    f = await packFulfillment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, packages: [BOX] });
    await recordShipment(t.db, w.actors.operator, { fulfillmentId: f.id, version: f.version, carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1Z999AA10123456784" });
    const [partial] = await t.db.select().from(orders).where(eq(orders.id, order!.id));
    expect(partial!.status).toBe("PARTIALLY_SHIPPED");
    await runChannelOutbox(t.db, channelWork());
    const sent = shop.created[0]!.variables.fulfillment as { lineItemsByFulfillmentOrder: unknown };
    // Shopify is asked to fulfil the whole fulfillment order (all 3 units), and notifies the customer.
    expect(sent.lineItemsByFulfillmentOrder).toEqual([{ fulfillmentOrderId: "gid://shopify/FulfillmentOrder/81", fulfillmentOrderLineItems: [{ id: "gid://shopify/FulfillmentOrderLineItem/811", quantity: 1 }] }]);
  });

  it("a job failing for good (non-retryable) gives up at once, on the timeline", async () => {
    await handleChannelWebhook(t.db, "SHOPIFY", connectionId, shopifyRequest(shopifyOrder({ id: 8002, name: "#8002", lines: [{ sku: "IPOD2008PINK", quantity: 1, price: "1.00" }] })));
    const [order] = await channelOrders(t.db, connectionId);
    await shipOrder(t.db, w, order!.id, { carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1Z999AA10123456785" });
    const failing = { ...channelWork(), SHOPIFY_FULFILLMENT: async () => { throw new ChannelPushError("Shopify has no order 8002", false); } };
    let now = new Date();
    for (let i = 0; i < 30; i++) {
      await runChannelOutbox(t.db, failing, now);
      now = new Date(now.getTime() + 7 * 3_600_000);
    }
    const [job] = await t.db.select().from(channelOutbox).where(eq(channelOutbox.orderId, order!.id));
    expect(job!.attempts).toBeLessThan(30);
  });
});

describe("large and long-lived EDI partners", () => {
  let w: TestWorkspace;
  let partnerId: string;
  beforeEach(async () => {
    ({ w, partnerId } = await ediPartnerWorkspace(t.db));
  });

  it("a valid 16 KB 850 (100 lines with descriptions) is taken: the 1 MB limit, not the 10,000-character net", async () => {
    const extra = Array.from({ length: 100 }, (_, i) => `PO1*${i + 3}*1*EA**BP*L1010~\nPID*F****${"Lavender soap, long catalogue description ".repeat(3)}~`).join("\n");
    const x = edi850({ onlyFirstSet: true }).replace("CTT*2*52~\nSE*18*0001~", `${extra}\nCTT*102*152~\nSE*${18 + 200}*0001~`);
    const answer = await receiveInterchange(t.db, w.actors.admin, { interchange: x }).catch((e) => e);
    expect(answer).not.toBeInstanceOf(Error);
  });

  it("with a 10-digit GS1 prefix the SSCC serial wraps past 999,999 and the 856 is made", async () => {
    await w.stock("SERUM-50", "SR-1", 100, { expiresOn: "2036-06-01" });
    await w.stock("SOAP-10", "SP-1", 100, { expiresOn: "2036-06-01" });
    await t.db.update(channelConnections).set({ gs1CompanyPrefix: "0614141999", nextSsccSerial: 1_000_000 }).where(eq(channelConnections.id, partnerId));
    await receiveInterchange(t.db, w.actors.admin, { interchange: edi850({ onlyFirstSet: true }) });
    const [order] = await channelOrders(t.db, partnerId);
    await shipOrder(t.db, w, order!.id, { carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1Z999AA10123456786" });
    await runChannelOutbox(t.db, channelWork());
    const jobs = await t.db.select().from(channelOutbox).where(eq(channelOutbox.orderId, order!.id));
    expect(jobs.find((j) => j.action === "EDI_856")!.doneAt).not.toBeNull();
  });
});
