import { eq } from "drizzle-orm";
import { apiKeys, loopEvents, orders } from "../../db/schema";
import { hashApiKey } from "../../server/services/apiKeys/secret";
import { expect, signIn, test, USERS } from "./support";

test("an admin makes an API key and sees its secret once; the key creates an order over HTTP that the app shows; revoked, it stops at once", async ({ page, request, db }, info) => {
  await signIn(page, USERS.admin);
  await page.goto("/admin/api-keys");
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
  await page.getByLabel("Key name").fill("ERP sync");
  await page.getByLabel("Role").selectOption("operator");
  await page.getByRole("button", { name: "Create API key" }).click();
  const secret = (await page.getByTestId("api-key-secret").locator("code").textContent())!;
  expect(secret).toMatch(/^ll_/);
  const [stored] = await db.select().from(apiKeys).where(eq(apiKeys.tokenHash, hashApiKey(secret)));
  expect(stored?.name).toBe("ERP sync");
  await page.screenshot({ path: info.outputPath("api-key-created.png"), fullPage: true });
  await page.reload();
  await expect(page.getByTestId("api-key-row").filter({ hasText: "ERP sync" })).toBeVisible();
  expect(await page.content()).not.toContain(secret); // shown once, never again

  const auth = { authorization: `Bearer ${secret}` };
  const created = await request.post("/api/v1/orders", {
    headers: { ...auth, "idempotency-key": `e2e-${stored!.id}` },
    data: { channel: "SHOPIFY", customerName: "API Test Customer", shipTo: { name: "API Test Customer", line1: "1 Api Way", city: "Boston", region: "MA", postalCode: "02110", country: "US" }, lines: [{ sku: "LMB-BRS-001", quantity: 2 }] },
  });
  expect(created.status()).toBe(201);
  expect(created.headers()["x-request-id"]).toBeTruthy();
  const order = (await created.json()) as { id: string; number: string; status: string };
  expect(order.status).toBe("RECEIVED");
  const [row] = await db.select().from(orders).where(eq(orders.id, order.id));
  expect(row?.customerName).toBe("API Test Customer");
  const [event] = await db.select().from(loopEvents).where(eq(loopEvents.subjectId, order.id));
  expect(event?.actorLabel).toBe("API · ERP sync");

  await page.goto(`/orders/${order.id}`);
  await expect(page.getByRole("heading", { name: order.number })).toBeVisible();
  await expect(page.getByText("API Test Customer").first()).toBeVisible();
  await expect(page.getByText("API · ERP sync").first()).toBeVisible();

  await page.goto("/admin/api-keys");
  await expect(page.getByTestId("api-key-row").filter({ hasText: "ERP sync" }).getByTestId("api-key-last-used")).not.toHaveText("—");
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("api-key-row").filter({ hasText: "ERP sync" }).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("api-key-row").filter({ hasText: "ERP sync" })).toContainText("Revoked");
  const refused = await request.get("/api/v1/orders", { headers: auth });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
  expect(((await refused.json()) as { detail: string }).detail).toBe("This API key was revoked.");
});

test("openapi.json and the API reference are served by the production build", async ({ request, page }) => {
  const doc = await request.get("/api/v1/openapi.json");
  expect(doc.status()).toBe(200);
  expect(((await doc.json()) as { openapi: string }).openapi).toMatch(/^3\.1/);
  const docs = await request.get("/api/docs");
  expect(docs.status()).toBe(200);
  expect(await docs.text()).toContain("/api/v1/openapi.json");
  await page.goto("/api/docs");
  await expect(page).toHaveTitle(/Loopline API/);
});
