import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { carriers, channelConnections, channelOutbox, intakeMessages } from "../../db/schema";
import { EXCEPTION_KINDS } from "../../server/domain/exceptions";
import { setLotExpiry } from "../../server/services/admin/setLotExpiry";
import { saveChannelConnection } from "../../server/services/channels/connections";
import { receiveInterchange } from "../../server/services/channels/edi";
import { processIntakeMessage, storeIntakeMessage } from "../../server/services/channels/intake";
import { runChannelOutbox } from "../../server/services/channels/outbox";
import { channelWork } from "../../server/services/channels/registry";
import { mapChannelSku } from "../../server/services/channels/skuMap";
import { dailySummary } from "../../server/services/dailySummary";
import { listExceptions } from "../../server/services/exceptions";
import { reportShortPick } from "../../server/services/fulfillment/shortPick";
import { allocateOrder } from "../../server/services/orders/allocateOrder";
import { applyTrackingUpdate } from "../../server/services/shipping/applyTrackingUpdate";
import { channelOrders, SHOPIFY_DOMAIN, SHOPIFY_SECRET, shopifyOrder } from "../support/channels";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";
import { queuedOrder, shipOrder, shippedOrder } from "../support/flows";
import { callOk, callRefused, mcpClient, statuses } from "../support/mcp";
import { apiKey } from "../support/rest";

// Its own database on the Postgres server: the channel outbox turn here takes every workspace's due jobs.
const t = useTestDatabase("mcp_exceptions");

/** PO-4471 alone (the two-set fixture's good purchase order), its delivery window moved into the future. */
const PO_4471 = readFileSync(path.join(import.meta.dirname, "../fixtures/edi/850-two-sets.edi"), "utf8")
  .replace("DTM*037*20260310", "DTM*037*20351210")
  .replace("DTM*038*20260314", "DTM*038*20351214")
  .replace(/ST\*850\*0002~[\s\S]*SE\*9\*0002~\n/, "")
  .replace("GE*2*77~", "GE*1*77~");

describe("MCP: exceptions, the daily summary, channel references and X12 documents", () => {
  let w: TestWorkspace;
  let operator: Client;
  let acme: Client;
  let other: Client;
  const made = { shortPick: "", shortOrder: "", expiringOrder: "", failedFulfillment: "", rejectedMessage: "", stuckMessage: "", failingFulfillment: "", shopifyOrderNumber: "", ediOrderId: "", ediOrderNumber: "" };

  beforeAll(async () => {
    w = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.product("IPOD2008PINK");
    await w.product("SERUM-50", { casePackQty: 6, unitPriceMinor: 400 });
    await w.product("SOAP-10", { unitPriceMinor: 300 });
    await w.stock("SERUM", "S-GOOD", 100, { expiresOn: "2099-01-01" });
    await w.stock("IPOD2008PINK", "I-1", 10);
    await w.stock("SERUM-50", "E-1", 100);
    await w.stock("SOAP-10", "P-1", 100);

    // A short pick: one of two units found.
    const short = await queuedOrder(t.db, w, [{ sku: "SERUM", quantity: 2 }]);
    await reportShortPick(t.db, w.actors.operator, { fulfillmentId: short.fulfillment.id, reservationId: short.pickList[0]!.reservationId, found: 1 });
    made.shortPick = short.fulfillment.number;
    made.shortOrder = short.order.number;

    // A lot that expires under an allocated order's reservation (its expiry corrected to the past).
    await w.product("BALM");
    await w.stock("BALM", "B-OLD", 5, { expiresOn: "2098-01-01" });
    const expiring = await w.order([{ sku: "BALM", quantity: 3 }]);
    await allocateOrder(t.db, w.actors.operator, { orderId: expiring.id, version: 1 });
    await setLotExpiry(t.db, w.actors.admin, { sku: "BALM", lotCode: "B-OLD", expiresOn: "2020-01-01", reason: "Label misprinted" });
    made.expiringOrder = expiring.number;

    // A failed delivery, as the carrier reports it.
    const { fulfillment: failed } = await shippedOrder(t.db, w, [{ sku: "SERUM", quantity: 1 }], { carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1ZFAILED0001" });
    const [ups] = await t.db.select().from(carriers).where(and(eq(carriers.workspaceId, w.workspace.id), eq(carriers.code, "UPS")));
    expect(await applyTrackingUpdate(t.db, ups!, { deliveryId: "ev-fail-1", trackingNumber: "1ZFAILED0001", status: "FAILURE", occurredAt: new Date(), description: "Recipient not available" })).toBe("applied");
    made.failedFulfillment = failed.number;

    // Shopify: an order refused for an unknown SKU, one never processed, and one shipped whose tracking cannot reach the shop.
    const shop = await saveChannelConnection(t.db, w.actors.admin, { kind: "SHOPIFY", name: "Acme shop", shopDomain: SHOPIFY_DOMAIN, warehouseCode: "DC-T", signingSecret: SHOPIFY_SECRET, accessToken: "shpat_test", apiBaseUrl: "http://127.0.0.1:9" });
    const [connection] = await t.db.select().from(channelConnections).where(eq(channelConnections.id, shop.id));
    const deliver = async (dedupeKey: string, body: string) => (await storeIntakeMessage(t.db, connection!, { dedupeKey, topic: "orders/create", headers: { "x-shopify-topic": "orders/create", "x-shopify-webhook-id": dedupeKey, "x-shopify-shop-domain": connection!.shopDomain! }, body })).message;
    const refused = await deliver("wh-unknown", shopifyOrder({ id: 9001, name: "#9001", lines: [{ sku: "NANO-BLUE", quantity: 1, price: "10.00", title: "Nano sleeve" }] }));
    expect(await processIntakeMessage(t.db, refused.id)).toMatchObject({ status: "REJECTED" });
    made.rejectedMessage = refused.id;
    const stuck = await deliver("wh-stuck", shopifyOrder({ id: 9002, name: "#9002" }));
    await t.db.update(intakeMessages).set({ receivedAt: sql`now() - interval '10 minutes'` }).where(eq(intakeMessages.id, stuck.id));
    made.stuckMessage = stuck.id;
    const good = await deliver("wh-good", shopifyOrder({ id: 9003, name: "#9003", lines: [{ sku: "IPOD2008PINK", quantity: 2, price: "199.00" }] }));
    const goodTurn = await processIntakeMessage(t.db, good.id);
    expect(goodTurn, JSON.stringify(goodTurn?.outcomes)).toMatchObject({ status: "CREATED" });
    const [shopOrder] = await channelOrders(t.db, shop.id);
    made.shopifyOrderNumber = shopOrder!.number;
    made.failingFulfillment = (await shipOrder(t.db, w, shopOrder!.id, { carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1ZSHOP0001" })).number;

    // EDI: PO-4471 from Acme's partner, shipped; the outbox writes its 856 and 810 (and tries the shop, which fails).
    const partner = await saveChannelConnection(t.db, w.actors.admin, { kind: "EDI", name: "Acme Retail", accountCode: "ACME", warehouseCode: "DC-T", partnerQualifier: "ZZ", partnerId: "ACMEBUYER", ourQualifier: "ZZ", ourId: "LOOPLINE", gs1CompanyPrefix: "0614141" });
    await mapChannelSku(t.db, w.actors.admin, { connectionId: partner.id, channelKey: "R5656-2", sku: "SERUM-50" });
    await mapChannelSku(t.db, w.actors.admin, { connectionId: partner.id, channelKey: "L1010", sku: "SOAP-10" });
    expect(await receiveInterchange(t.db, w.actors.admin, { interchange: PO_4471 })).toMatchObject({ status: "CREATED" });
    const [ediOrder] = await channelOrders(t.db, partner.id);
    made.ediOrderId = ediOrder!.id;
    made.ediOrderNumber = ediOrder!.number;
    await shipOrder(t.db, w, ediOrder!.id, { carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1ZEDI0001" });
    await runChannelOutbox(t.db, channelWork());
    const [failing] = await t.db.select().from(channelOutbox).where(eq(channelOutbox.connectionId, shop.id));
    expect(failing).toMatchObject({ doneAt: null, lastError: expect.any(String) });

    operator = await mcpClient(t.db, await apiKey(t.db, w.actors.admin, { role: "operator", name: "Floor bot" }));
    acme = await mcpClient(t.db, await apiKey(t.db, w.actors.admin, { role: "customer", accountCode: "ACME", name: "Acme buyer" }));
    other = await mcpClient(t.db, await apiKey(t.db, w.actors.admin, { role: "customer", accountCode: "OTHER", name: "Other buyer" }));
  }, 60_000);

  it("lists what needs a person now, one row per problem, with the counts per kind", async () => {
    const answer = await callOk(operator, "list_exceptions", {});
    const rows = answer.rows as { kind: string; subject: string; orderNumber: string | null; detail: string; since: string }[];
    const of = (kind: string) => rows.filter((r) => r.kind === kind);
    expect(of("SHORT_PICK")).toEqual([{ kind: "SHORT_PICK", subject: made.shortPick, orderNumber: made.shortOrder, detail: "short pick: SERUM lot S-GOOD in A-01: found 1 of 2", since: expect.any(String) }]);
    expect(of("LOT_UNUSABLE")).toEqual([expect.objectContaining({ subject: "BALM / B-OLD", orderNumber: made.expiringOrder, detail: expect.stringMatching(/^expires 2020-01-01, must expire after .*; 3 unpicked units still reserved on it for /) })]);
    expect(of("DELIVERY_FAILED")).toEqual([expect.objectContaining({ subject: made.failedFulfillment, detail: "UPS 1ZFAILED0001: delivery failed (Recipient not available)" })]);
    expect(of("INTAKE_REJECTED")).toEqual([expect.objectContaining({ subject: made.rejectedMessage, orderNumber: null, detail: expect.stringContaining("#9001: line 1: unknown SKU NANO-BLUE") })]);
    expect(of("INTAKE_STUCK")).toEqual([expect.objectContaining({ subject: made.stuckMessage })]);
    expect(of("CHANNEL_SEND_FAILING")).toEqual([expect.objectContaining({ subject: made.failingFulfillment, orderNumber: made.shopifyOrderNumber, detail: expect.stringMatching(/^SHOPIFY_FULFILLMENT to Acme shop failed 1 time: /) })]);
    expect(answer.counts).toEqual({ SHORT_PICK: 1, LOT_UNUSABLE: 1, DELIVERY_FAILED: 1, INTAKE_REJECTED: 1, INTAKE_STUCK: 1, CHANNEL_SEND_FAILING: 1 });
    expect(answer.total).toBe(6);
    // Oldest first: the message left unprocessed ten minutes ago leads.
    expect(rows[0]!.kind).toBe("INTAKE_STUCK");
    expect(rows.map((r) => r.since)).toEqual([...rows.map((r) => r.since)].sort());

    expect((await callOk(operator, "list_exceptions", { limit: 2 })).rows).toHaveLength(2);
    expect((await callOk(operator, "list_exceptions", { since: "2099-01-01T00:00:00Z" })).rows).toEqual([]);
    expect((await callRefused(operator, "list_exceptions", { limit: 0 })).code).toBe("BAD_INPUT");
    // The service itself refuses a buyer, whatever the transport.
    await expect(listExceptions(t.db, w.actors.customerAcme)).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Another workspace has none of these.
    expect((await listExceptions(t.db, (await makeWorkspace(t.db)).actors.operator)).total).toBe(0);
  });

  it("sums up the day: milestones, units shipped, open orders and exceptions", async () => {
    const today = await callOk(operator, "get_daily_summary", {});
    expect(today).toMatchObject({ timeZone: expect.any(String), unitsShipped: 1 + 2 + 112, orders: { shipped: 3, delivered: 0, cancelled: 0 } });
    expect(today.orders.received).toBe(5);
    expect(today.orders.allocated).toBe(5);
    expect(today.openOrdersByStatus).toMatchObject({ ALLOCATED: 1, FULFILLMENT_QUEUED: 1, SHIPPED: 3 });
    expect(today.exceptions.open).toEqual(Object.fromEntries(EXCEPTION_KINDS.map((k) => [k, 1])));
    expect(today.exceptions.raisedThatDay.SHORT_PICK).toBe(1);
    // The service answers the same as the tool (the tool is one more transport).
    expect(JSON.parse(JSON.stringify(await dailySummary(t.db, w.actors.operator)))).toMatchObject({ date: today.date, orders: today.orders, unitsShipped: today.unitsShipped });

    const longAgo = await callOk(operator, "get_daily_summary", { date: "2001-01-01" });
    expect(longAgo).toMatchObject({ date: "2001-01-01", orders: { received: 0, allocated: 0, shipped: 0, delivered: 0, cancelled: 0 }, unitsShipped: 0 });
    expect(longAgo.exceptions.raisedThatDay).toEqual(Object.fromEntries(EXCEPTION_KINDS.map((k) => [k, 0])));
    expect((await callRefused(operator, "get_daily_summary", { date: "2026-02-30" })).text).toMatch(/^BAD_INPUT: .*date/);
  });

  it("offers the staff tools to staff keys only", async () => {
    const names = (await acme.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain("list_exceptions");
    expect(names).not.toContain("get_daily_summary");
    expect((await callRefused(acme, "list_exceptions", {})).code).toBe("NOT_FOUND");
    const listed = Object.fromEntries((await operator.listTools()).tools.map((tool) => [tool.name, tool]));
    for (const name of ["list_exceptions", "get_daily_summary"]) expect(listed[name]!.annotations).toMatchObject({ readOnlyHint: true });
    expect(JSON.stringify((await operator.getPrompt({ name: "summarise_exceptions" })).messages)).toMatch(/get_daily_summary.*list_exceptions/);
  });

  it("finds orders by channel reference and by the time received, inside the key's walls", async () => {
    const numbers = async (client: Client, args: Record<string, unknown>) => ((await callOk(client, "search_orders", args)).rows as { number: string }[]).map((r) => r.number);
    expect(await numbers(operator, { channelReference: "#9003" })).toEqual([made.shopifyOrderNumber]);
    expect(await numbers(operator, { search: "#900" })).toEqual([made.shopifyOrderNumber]);
    expect(await numbers(operator, { channelReference: "#900" })).toEqual([]); // exact, not a part
    expect(await numbers(acme, { channelReference: "PO-4471" })).toEqual([made.ediOrderNumber]);
    expect(await numbers(acme, { channelReference: "#9003" })).toEqual([]); // not Acme's order
    expect(await numbers(other, { channelReference: "PO-4471" })).toEqual([]);

    const today = (await callOk(operator, "get_daily_summary", {})).date as string;
    const all = (await callOk(operator, "search_orders", { limit: 200 })).total;
    expect((await callOk(operator, "search_orders", { receivedFrom: today, receivedTo: today })).total).toBe(all);
    expect((await callOk(operator, "search_orders", { receivedFrom: "2000-01-01", receivedTo: "2000-12-31" })).total).toBe(0);
    expect((await callOk(operator, "search_orders", { receivedFrom: new Date(Date.now() + 3_600_000).toISOString() })).total).toBe(0);
    expect((await callOk(operator, "search_orders", { receivedTo: new Date(Date.now() + 3_600_000).toISOString(), channelReference: "#9003" })).total).toBe(1);
    expect((await callRefused(operator, "search_orders", { receivedFrom: "last week" })).text).toMatch(/^BAD_INPUT: receivedFrom/);
  });

  it("lists an EDI order's X12 documents and gives their text: 856 and 810 to its buyer, the 997 too to staff", async () => {
    const staff = await callOk(operator, "list_documents", { orderId: made.ediOrderId });
    expect((staff.ediDocuments as { type: string }[]).map((d) => d.type).sort()).toEqual(["810", "856", "997"]);
    const buyer = await callOk(acme, "list_documents", { number: made.ediOrderNumber });
    const mine = buyer.ediDocuments as { type: string; documentNumber: string }[];
    expect(mine.map((d) => d.type).sort()).toEqual(["810", "856"]);
    expect(mine[0]!.documentNumber).toMatch(/^X12-(856|810)-\d{9}$/);

    const shipNotice = mine.find((d) => d.type === "856")!;
    const doc = await callOk(acme, "get_document", { orderId: made.ediOrderId, documentNumber: shipNotice.documentNumber });
    expect(doc).toMatchObject({ kind: "edi", packingSlip: null, invoice: null, edi: { type: "856", outbound: true, documentNumber: shipNotice.documentNumber } });
    expect(doc.edi.x12).toMatch(/^ISA\*/);
    expect(doc.edi.x12).toContain("ST*856*");

    const ack = (staff.ediDocuments as { type: string; documentNumber: string }[]).find((d) => d.type === "997")!;
    expect((await callOk(operator, "get_document", { orderId: made.ediOrderId, documentNumber: ack.documentNumber })).edi.x12).toContain("ST*997*");
    expect((await callRefused(acme, "get_document", { orderId: made.ediOrderId, documentNumber: ack.documentNumber })).text).toMatch(/^NOT_FOUND: Document X12-997-/);
    expect((await callRefused(other, "get_document", { orderId: made.ediOrderId, documentNumber: shipNotice.documentNumber })).text).toMatch(/^NOT_FOUND: Order /);
    // A Shopify order has no X12.
    expect((await callOk(operator, "list_documents", { number: made.shopifyOrderNumber })).ediDocuments).toEqual([]);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });
});
