import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { intakeMessages, loopEvents, orderLines, orders, products } from "../../db/schema";
import { saveChannelConnection } from "../../server/services/channels/connections";
import { mapChannelSku } from "../../server/services/channels/skuMap";
import { makeWorkspace } from "./factories";

// Channel webhooks as the platforms send them: the documented fixtures, signed the way each
// platform signs, as Request objects for handleChannelWebhook.

const FIXTURES = path.join(import.meta.dirname, "../fixtures");
export const SHOPIFY_SECRET = "hush-client-secret";
export const SHOPIFY_DOMAIN = "loopline-test.myshopify.com";
export const SQUARE_KEY = "square-signature-key";
export const SQUARE_URL = "https://loopline.test/api/channels/square/hook";

/** Shopify's orders/create sample, as the exact bytes Shopify would send. */
export const shopifySampleRaw = readFileSync(path.join(FIXTURES, "shopify/orders-create.json"), "utf8");
export const squareNotificationRaw = readFileSync(path.join(FIXTURES, "square/order-created.json"), "utf8");
export const squareRetrieved = () => JSON.parse(readFileSync(path.join(FIXTURES, "square/retrieve-order.json"), "utf8")) as { order: Record<string, any> & { id: string; version: number; location_id: string } };

export interface ShopifyLine {
  sku: string | null;
  variantId?: number;
  quantity: number;
  price: string;
  title?: string;
}

/** The sample order as another order of the shop: its own id and name, these lines, this tax. */
export function shopifyOrder(o: { id: number; name: string; lines?: ShopifyLine[]; tax?: string; shipping?: string; shippingCode?: string }): string {
  const sample = JSON.parse(shopifySampleRaw) as Record<string, any>;
  const template = sample.line_items[0];
  const lines = o.lines ?? [{ sku: "IPOD2008PINK", variantId: 808950810, quantity: 1, price: "199.00" }, { sku: "IPOD2008PINK", variantId: 808950810, quantity: 1, price: "199.00" }];
  return JSON.stringify({
    ...sample,
    id: o.id,
    admin_graphql_api_id: `gid://shopify/Order/${o.id}`,
    name: o.name,
    total_tax: o.tax ?? "0.00",
    shipping_lines: [{ ...sample.shipping_lines[0], price: o.shipping ?? "10.00", discounted_price: o.shipping ?? "10.00", code: o.shippingCode ?? null }],
    line_items: lines.map((l, i) => ({ ...template, id: 1000 + i, sku: l.sku, variant_id: l.variantId ?? null, quantity: l.quantity, fulfillable_quantity: l.quantity, price: l.price, name: l.title ?? template.name, title: l.title ?? template.title })),
  });
}

export const signShopify = (body: string, secret = SHOPIFY_SECRET) => createHmac("sha256", secret).update(body).digest("base64");

/** A webhook POST as Shopify delivers it; `headers` overrides (undefined removes one). */
export function shopifyRequest(body: string, options: { topic?: string; webhookId?: string; headers?: Record<string, string | undefined> } = {}): Request {
  const headers: Record<string, string | undefined> = {
    "content-type": "application/json",
    "x-shopify-topic": options.topic ?? "orders/create",
    "x-shopify-hmac-sha256": signShopify(body),
    "x-shopify-shop-domain": SHOPIFY_DOMAIN,
    "x-shopify-api-version": "2026-10",
    "x-shopify-webhook-id": options.webhookId ?? randomUUID(),
    "x-shopify-triggered-at": new Date().toISOString(),
    ...options.headers,
  };
  const present = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
  return new Request("http://loopline.test/api/channels/shopify/hook", { method: "POST", body, headers: present });
}

/** A notification POST as Square delivers it, signed over notification URL + body. */
export function squareRequest(body: string, options: { signedUrl?: string } = {}): Request {
  const signature = createHmac("sha256", SQUARE_KEY).update((options.signedUrl ?? SQUARE_URL) + body).digest("base64");
  return new Request(SQUARE_URL, { method: "POST", body, headers: { "content-type": "application/json", "x-square-hmacsha256-signature": signature } });
}

/** The orders a connection made, with their lines (SKU, quantity, price) in line order. */
export async function channelOrders(db: Database, connectionId: string) {
  const rows = await db.select().from(orders).where(eq(orders.channelConnectionId, connectionId)).orderBy(asc(orders.receivedAt));
  return Promise.all(
    rows.map(async (order) => ({
      ...order,
      lines: await db
        .select({ sku: products.sku, quantity: orderLines.quantity, unitPriceMinor: orderLines.unitPriceMinor })
        .from(orderLines)
        .innerJoin(products, eq(products.id, orderLines.productId))
        .where(eq(orderLines.orderId, order.id))
        .orderBy(asc(orderLines.lineNo)),
    })),
  );
}

export async function intakeRows(db: Database, connectionId: string) {
  return db.select().from(intakeMessages).where(eq(intakeMessages.connectionId, connectionId)).orderBy(asc(intakeMessages.receivedAt));
}

/** The order's events of one type, oldest first. */
export async function orderEvents(db: Database, orderId: string, type: string) {
  return db.select().from(loopEvents).where(and(eq(loopEvents.subjectId, orderId), eq(loopEvents.type, type))).orderBy(asc(loopEvents.occurredAt));
}

/**
 * The two-set 850 fixture (PO-4471 good, PO-4472 with a BX unit and a CTT that miscounts), its
 * delivery window moved into the future (an order may not plan to ship in the past); optionally
 * another ISA13, only the first set, or any other edit.
 */
export const edi850Fixture = readFileSync(path.join(FIXTURES, "edi/850-two-sets.edi"), "utf8").replace("DTM*037*20260310", "DTM*037*20351210").replace("DTM*038*20260314", "DTM*038*20351214");
export function edi850(options: { control?: string; onlyFirstSet?: boolean; edit?: (x: string) => string } = {}) {
  let x = edi850Fixture;
  if (options.onlyFirstSet) x = x.replace(/ST\*850\*0002~[\s\S]*SE\*9\*0002~\n/, "").replace("GE*2*77~", "GE*1*77~");
  if (options.control) x = x.replace("*U*00401*000000101*", `*U*00401*${options.control}*`).replace("IEA*1*000000101~", `IEA*1*${options.control}~`);
  return options.edit ? options.edit(x) : x;
}

/** A workspace whose account ACME trades by EDI as ZZ/ACMEBUYER, its buyer parts mapped to our SKUs. */
export async function ediPartnerWorkspace(db: Database) {
  const w = await makeWorkspace(db);
  await w.product("SERUM-50", { casePackQty: 6, unitPriceMinor: 400 });
  await w.product("SOAP-10", { unitPriceMinor: 300 });
  const partner = await saveChannelConnection(db, w.actors.admin, { kind: "EDI", name: "Acme Retail", accountCode: "ACME", warehouseCode: "DC-T", partnerQualifier: "ZZ", partnerId: "ACMEBUYER", ourQualifier: "ZZ", ourId: "LOOPLINE", gs1CompanyPrefix: "0614141" });
  await mapChannelSku(db, w.actors.admin, { connectionId: partner.id, channelKey: "R5656-2", sku: "SERUM-50" });
  await mapChannelSku(db, w.actors.admin, { connectionId: partner.id, channelKey: "L1010", sku: "SOAP-10" });
  return { w, partnerId: partner.id };
}
