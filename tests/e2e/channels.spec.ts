import { createHmac, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { channelConnections, orders } from "../../db/schema";
import { expect, signIn, test, USERS } from "./support";

const SHOP = "test-shop.myshopify.com";
const SECRET = "shpss_test";
const UNKNOWN_SKU = "R5656-2";
/** A seeded product: the one line of the order Loopline knows, and what the unknown one is mapped to. */
const KNOWN_SKU = "LMB-VCS-030";
const MAPPED_TO = "LMB-BRS-001";

// The second test takes the store the first one connects.
test.describe.configure({ mode: "serial" });

async function shopConnectionId(db: Database): Promise<string | undefined> {
  const [row] = await db.select({ id: channelConnections.id }).from(channelConnections).where(eq(channelConnections.shopDomain, SHOP));
  return row?.id;
}

test("an admin connects a Shopify store and gets the address to paste into Shopify", async ({ page, baseURL, db }) => {
  await signIn(page, USERS.admin);
  await page.goto("/admin/channels");
  const form = page.getByRole("form", { name: "Connect a channel" });
  await form.getByRole("radio", { name: "Shopify store" }).check();
  await form.getByLabel("Name").fill("Test shop");
  await form.getByLabel("Shop domain").fill(SHOP);
  await form.getByLabel("Webhook signing secret").fill(SECRET);
  await form.getByLabel("Admin API access token").fill("shpat_e2e_token");
  await form.getByLabel("Default warehouse").selectOption({ index: 1 });
  await form.getByLabel("Unknown SKU").selectOption("REJECT");
  await form.getByRole("button", { name: "Connect Shopify store" }).click();

  await expect(page.getByRole("heading", { name: "Test shop" })).toBeVisible();
  const id = await shopConnectionId(db);
  expect(id).toBeDefined();
  await expect(page).toHaveURL(new RegExp(`/admin/channels/${id}$`));
  await expect(page.getByTestId("webhook-address")).toHaveText(`${new URL(baseURL!).origin}/api/channels/shopify/${id}`);
  // Write-only: the page knows a secret is stored, never what it is.
  await expect(page.getByText("Stored. Leave blank to keep it")).toHaveCount(2);
  expect(await page.content()).not.toContain(SECRET);
  await page.goto("/admin/channels");
  await expect(page.getByTestId("channel-row").filter({ hasText: "Test shop" })).toContainText("Set");
});

test("an order with an unknown SKU is refused into the intake log, mapped, replayed and lands on the board", async ({ page, request, db }) => {
  const connectionId = await shopConnectionId(db);
  expect(connectionId, "the first test connects the shop").toBeDefined();
  const orderId = Date.now();
  const body = JSON.stringify({
    id: orderId,
    name: "#1001",
    email: "rose@example.com",
    currency: "USD",
    line_items: [
      { id: orderId + 1, variant_id: 44_000_001, sku: KNOWN_SKU, title: "Vitamin C Serum 30 ml", quantity: 1, price: "19.99" },
      { id: orderId + 2, variant_id: 44_000_002, sku: UNKNOWN_SKU, title: "Rose serum", quantity: 2, price: "19.99" },
    ],
    shipping_address: { first_name: "Rose", last_name: "Tran", address1: "12 Harbor St", city: "Boston", province_code: "MA", zip: "02110", country_code: "US" },
    shipping_lines: [],
    total_tax: "0.00",
  });
  const delivered = await request.post(`/api/channels/shopify/${connectionId}`, {
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Hmac-Sha256": createHmac("sha256", SECRET).update(body).digest("base64"),
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Shop-Domain": SHOP,
    },
    data: body,
  });
  expect(delivered.status()).toBe(200);

  await signIn(page, USERS.operator);
  await expect(page.getByRole("link", { name: "Intake" })).toBeVisible(); // operators find it in the main nav
  await page.goto("/intake");
  const row = page.getByTestId("intake-row").filter({ hasText: "#1001" });
  // Processing follows the acknowledgment: look again until the outcome is in.
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText(`unknown SKU ${UNKNOWN_SKU}`, { timeout: 1_000 });
  }).toPass();
  await expect(row.locator("[data-status]")).toHaveText("Rejected");
  await row.getByRole("link").first().click();

  const map = page.getByRole("form", { name: `Map SKU ${UNKNOWN_SKU}` });
  await expect(map.getByLabel("Channel key")).toHaveValue(UNKNOWN_SKU);
  await map.getByLabel("Our SKU").selectOption(MAPPED_TO);
  await map.getByRole("button", { name: "Map SKU" }).click();
  await expect(map.getByRole("status")).toHaveText(`Mapped ${UNKNOWN_SKU} → ${MAPPED_TO}.`);

  await page.getByRole("button", { name: "Replay" }).click();
  const result = page.getByTestId("replay-result");
  await expect(result).toContainText("Created");
  await result.getByRole("link").click();
  const number = await page.getByTestId("order-number").textContent();

  const [order] = await db.select().from(orders).where(and(eq(orders.channelConnectionId, connectionId!), eq(orders.number, number!)));
  expect(order).toMatchObject({ status: "RECEIVED", channel: "SHOPIFY" });

  await page.getByRole("link", { name: "Board" }).click();
  await expect(page.getByRole("link", { name: number! })).toBeVisible();
});
