import { and, eq } from "drizzle-orm";
import { orders, reservations } from "../../db/schema";
import { FREE_FAILURES_PER_PAIR } from "../../server/domain/signInThrottle";
import { errorAlert, expect, signIn, test, USERS } from "./support";

test("a signed-out visitor sees only the sign-in page", async ({ page }) => {
  await page.goto("/orders");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  const api = await page.request.get("/api/trpc/orders.list?input=%7B%22json%22%3A%7B%7D%7D");
  expect(api.status()).toBe(401);
});

test("a wrong password is refused without saying which part was wrong", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("E-mail").fill(USERS.operator);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(errorAlert(page)).toHaveText("E-mail or password is not right.");
});

test("repeated wrong passwords for one e-mail from one place are slowed down with a clear message", async ({ page }) => {
  await page.goto("/signin");
  const email = `guess-${Date.now()}@lumenmoss.example`;
  for (let i = 0; i < FREE_FAILURES_PER_PAIR; i++) {
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill(`wrong-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(errorAlert(page)).toHaveText("E-mail or password is not right.");
  }
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(errorAlert(page)).toHaveText("Too many failed sign-ins. Try again in 30 seconds.");
});

test("the IRONRIDGE B2B order shows PO, terms, window, case packs, FEFO allocation and its timeline", async ({ page }, info) => {
  await signIn(page, USERS.operator);
  await page.getByLabel("Search").fill("PO-IR-2026-0089");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByTestId("order-row")).toHaveCount(1);
  await page.getByTestId("order-row").getByRole("link").click();

  await expect(page.getByText("PO-IR-2026-0089")).toBeVisible();
  await expect(page.getByText("Net 30")).toBeVisible();
  await expect(page.getByTestId("order-line").first()).toContainText("20 × Case");
  // HBM: the lot on hold and the expired lot are never used; the earliest usable lot goes first.
  const hbm = page.getByTestId("allocation-row").filter({ hasText: "LMB-HBM-220" });
  await expect(hbm.first()).toContainText("HBM-2611A");
  await expect(page.getByTestId("allocation-row").filter({ hasText: "HBM-2609Q" })).toHaveCount(0);
  await expect(page.getByTestId("allocation-row").filter({ hasText: "HBM-2605X" })).toHaveCount(0);
  await expect(page.getByTestId("timeline-event").first()).toContainText("Received");
  await expect(page.getByTestId("timeline-event").last()).toContainText("Allocated");
  await page.screenshot({ path: info.outputPath("order-ironridge.png"), fullPage: true });
});

test("an operator creates a manual order, allocates, queues and cancels it; the database follows", async ({ page, db }, info) => {
  await signIn(page, USERS.operator);
  await page.screenshot({ path: info.outputPath("orders.png"), fullPage: true });
  await page.getByRole("link", { name: "New order" }).click();

  await page.getByRole("button", { name: "Create order" }).click();
  await expect(errorAlert(page)).toContainText("customerName: is required");
  expect(await db.select().from(orders).where(eq(orders.customerName, "Casey Morgan"))).toHaveLength(0);

  await page.getByLabel("Customer name").fill("Casey Morgan");
  await page.getByLabel("Street").fill("5 Ocean Dr");
  await page.getByLabel("City").fill("Miami");
  await page.getByLabel("State / region").fill("FL");
  await page.getByLabel("Postal code").fill("33139");
  await page.getByLabel("Line 1 SKU").selectOption("LMB-HBM-220");
  await page.getByLabel("Line 1 quantity").fill("2");
  await page.getByLabel("Line 1 unit").selectOption("CASE");
  await page.getByRole("button", { name: "Create order" }).click();

  await expect(page.locator("[data-status]").first()).toHaveText("Received");
  const number = (await page.getByTestId("order-number").textContent())!;
  expect(number).toMatch(/^LMB-ORD-\d{4}-\d{4}$/);
  await expect(page.getByTestId("order-line")).toContainText("2 × Case");

  await page.getByRole("button", { name: "Allocate" }).click();
  await expect(page.locator("[data-status]").first()).toHaveText("Allocated");
  await expect(page.getByTestId("allocation-row").first()).toContainText("LMB-HBM-220");
  // Never the lot on QC hold or the expired one, whatever the seeded orders already took.
  await expect(page.getByTestId("allocation-row").filter({ hasText: /HBM-2609Q|HBM-2605X/ })).toHaveCount(0);
  const [order] = await db.select().from(orders).where(eq(orders.number, number));
  expect(order).toMatchObject({ status: "ALLOCATED", version: 2 });
  const active = await db.select().from(reservations).where(and(eq(reservations.orderId, order!.id), eq(reservations.status, "ACTIVE")));
  expect(active.reduce((n, r) => n + r.quantity, 0)).toBe(48);

  await page.getByRole("button", { name: "Queue for fulfillment" }).click();
  await expect(page.locator("[data-status]").first()).toHaveText("Fulfillment queued");
  await expect(page.getByText(`${number}-F1`)).toBeVisible();

  page.once("dialog", (dialog) => dialog.accept("Duplicate of a Shopify order"));
  await page.getByRole("button", { name: "Cancel order" }).click();
  await expect(page.locator("[data-status]").first()).toHaveText("Cancelled");
  await expect(page.getByText("Duplicate of a Shopify order")).toBeVisible();
  const stillActive = await db.select().from(reservations).where(and(eq(reservations.orderId, order!.id), eq(reservations.status, "ACTIVE")));
  expect(stillActive).toHaveLength(0);
  await expect(page.getByRole("button", { name: "Allocate" })).toHaveCount(0);
  await page.screenshot({ path: info.outputPath("order-cancelled.png"), fullPage: true });
});

test("allocating more than is usable shows the shortage per SKU and changes nothing", async ({ page, db }) => {
  await signIn(page, USERS.operator);
  await page.getByLabel("Search").fill("HSG-11-2231");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByTestId("order-row").getByRole("link").click();
  await page.getByRole("button", { name: "Allocate" }).click();
  await expect(errorAlert(page)).toContainText(/LMB-SPF-050 short \d+ \(requested 360, available \d+\)/);
  const [order] = await db.select().from(orders).where(eq(orders.buyerPo, "HSG-11-2231"));
  expect(order).toMatchObject({ status: "RECEIVED", version: 1 });
});

test("a B2B customer sees only their account's orders and no warehouse commands", async ({ page }) => {
  await signIn(page, USERS.ironridge);
  const rows = page.getByTestId("order-row");
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allTextContents()) expect(text).toContain("IRONRIDGE");
  await expect(page.getByRole("link", { name: "Inventory" })).toHaveCount(0);
  await rows.filter({ hasText: "Allocated" }).first().getByRole("link").click();
  await expect(page.getByRole("button", { name: "Allocate" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Release allocation" })).toHaveCount(0);
  const inventory = await page.goto("/inventory");
  expect(inventory?.status()).toBe(404);
});
