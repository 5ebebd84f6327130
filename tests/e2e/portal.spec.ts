import { eq } from "drizzle-orm";
import { accounts, orders } from "../../db/schema";
import { recordShipment } from "../../server/services/fulfillment/recordShipment";
import { releaseToPicking } from "../../server/services/fulfillment/releaseToPicking";
import { allocateOrder } from "../../server/services/orders/allocateOrder";
import { expect, HARBOR_BUYER, operatorActor, pickAndPack, receivedOrder, signIn, test, USERS } from "./support";

test("a B2B customer places an order in case packs against their account and cancels it before it ships", async ({ page, db }, info) => {
  await signIn(page, USERS.ironridge);
  await page.getByRole("link", { name: "New order" }).click();
  await page.getByLabel("Customer name").fill("IRONRIDGE Receiving");
  await page.getByLabel("Street").fill("400 Industrial Pkwy");
  await page.getByLabel("City").fill("Columbus");
  await page.getByLabel("State / region").fill("OH");
  await page.getByLabel("Postal code").fill("43215");
  await page.getByLabel("Buyer PO").fill("IR-PORTAL-77");
  await page.getByLabel("Line 1 SKU").selectOption("LMB-BRS-001");
  await page.getByLabel("Line 1 quantity").fill("2");
  await page.getByLabel("Line 1 unit").selectOption("CASE");
  await page.getByRole("button", { name: "Create order" }).click();

  await expect(page.locator("[data-status]").first()).toHaveText("Received");
  await expect(page.getByTestId("order-line")).toContainText("2 × Case");
  await expect(page.getByText("IR-PORTAL-77")).toBeVisible();
  await page.screenshot({ path: info.outputPath("portal-order.png"), fullPage: true });
  const [order] = await db.select().from(orders).where(eq(orders.buyerPo, "IR-PORTAL-77"));
  const [ironridge] = await db.select().from(accounts).where(eq(accounts.code, "IRONRIDGE"));
  expect(order).toMatchObject({ channel: "WHOLESALE_PORTAL", accountId: ironridge!.id, status: "RECEIVED", totalMinor: 24 * 3800 });

  page.once("dialog", (d) => d.accept("Ordered twice"));
  await page.getByRole("button", { name: "Cancel order" }).click();
  await expect(page.locator("[data-status]").first()).toHaveText("Cancelled");
  await expect.poll(async () => (await db.select().from(orders).where(eq(orders.id, order!.id)))[0]?.status).toBe("CANCELLED");

  // Another account's buyer finds nothing at that address, not even that it exists.
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.waitForURL(/\/signin/);
  await signIn(page, HARBOR_BUYER);
  expect((await page.goto(`/orders/${order!.id}`))?.status()).toBe(404);
  await page.goto("/orders?q=IR-PORTAL-77");
  await expect(page.getByTestId("order-count")).toHaveText("0 orders");
});

test("a B2B customer finds the packing slip and the invoice of a shipped order; another account cannot", async ({ page, db }, info) => {
  const order = await receivedOrder(db, [{ sku: "LMB-BRT-001", quantity: 1, uom: "CASE" }], { channel: "B2B_EDI", accountCode: "IRONRIDGE", buyerPo: "IR-DOCS-9" });
  const operator = await operatorActor(db);
  await allocateOrder(db, operator, { orderId: order.id, version: 1 });
  await releaseToPicking(db, operator, { orderId: order.id, version: 2 });
  const packed = await pickAndPack(db, order.id);
  await recordShipment(db, operator, { fulfillmentId: packed.id, version: packed.version, carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1ZIRDOCS0000000009" });

  await signIn(page, USERS.ironridge);
  await page.goto(`/orders/${order.id}`);
  await page.getByTestId("documents-link").click();
  await expect(page.getByTestId("packing-slip")).toContainText(`${order.number}-F1`);
  await expect(page.getByTestId("packing-slip")).toContainText(/LMB-BRT-001.*BRT-\d+.*12/);
  await expect(page.getByTestId("invoice")).toContainText(`Invoice INV-${order.number}-1`);
  await expect(page.getByTestId("invoice")).toContainText(/Net 30 · PO IR-DOCS-9/);
  await expect(page.getByTestId("invoice-total")).toHaveText("$528.00");
  await page.screenshot({ path: info.outputPath("portal-documents.png"), fullPage: true });

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.waitForURL(/\/signin/);
  await signIn(page, HARBOR_BUYER);
  expect((await page.goto(`/orders/${order.id}/documents`))?.status()).toBe(404);
});
