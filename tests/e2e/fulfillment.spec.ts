import { eq } from "drizzle-orm";
import { fulfillments, orders, packages, shipments } from "../../db/schema";
import { errorAlert, expect, signIn, test, USERS } from "./support";

test("an operator picks, packs, ships and confirms delivery from the fulfillment screens; the loop closes", async ({ page, db }, info) => {
  await signIn(page, USERS.operator);
  await page.getByRole("link", { name: "Fulfillment" }).click();
  await expect(page.getByRole("heading", { name: "Fulfillment queue" })).toBeVisible();

  // The first allocated fulfillment in the queue becomes a wave of one.
  const row = page.getByTestId("fulfillment-row").filter({ hasText: "Allocated" }).first();
  const number = (await row.getByRole("link").first().textContent())!;
  await row.getByRole("checkbox").check();
  await page.getByRole("button", { name: /Generate pick list/ }).click();
  await expect(page.getByRole("heading", { name: "Pick list" })).toBeVisible();
  await page.screenshot({ path: info.outputPath("pick-list.png"), fullPage: true });

  // A wrong lot is refused with the reason; then every line is confirmed as suggested.
  const first = page.getByTestId("pick-line").first();
  await first.getByLabel("Lot picked").fill("NO-SUCH-LOT");
  await first.getByRole("button", { name: "Confirm" }).click();
  await expect(errorAlert(page).first()).toContainText("lotCode: no lot NO-SUCH-LOT");
  await page.reload();
  while ((await page.getByTestId("pick-line").count()) > 0) {
    const count = await page.getByTestId("pick-line").count();
    await page.getByTestId("pick-line").first().getByRole("button", { name: "Confirm" }).click();
    await expect(page.getByTestId("pick-line")).toHaveCount(count - 1);
  }
  await expect(page.getByTestId("pick-list-done")).toBeVisible();

  const [f] = await db.select().from(fulfillments).where(eq(fulfillments.number, number));
  await page.goto(`/fulfillment/${f!.id}`);
  await page.getByLabel("Weight (g)").fill("1400");
  await page.getByLabel("Length (mm)").fill("300");
  await page.getByLabel("Width (mm)").fill("200");
  await page.getByLabel("Height (mm)").fill("120");
  await page.getByRole("button", { name: "Add package" }).click();
  await page.getByLabel("Weight (g), package 2").fill("600");
  await page.getByLabel("Length (mm), package 2").fill("200");
  await page.getByLabel("Width (mm), package 2").fill("150");
  await page.getByLabel("Height (mm), package 2").fill("100");
  await page.getByRole("button", { name: "Record 2 packages" }).click();
  await expect(page.getByTestId("fulfillment-status")).toHaveText("Packed");

  await expect(page.getByTestId("rate-quote")).toContainText(/Cost \$\d+\.\d{2} · zone \d/);
  await page.getByLabel("Tracking number").fill("794698765432");
  await page.getByRole("button", { name: "Ship" }).click();
  await expect(page.getByTestId("fulfillment-status")).toHaveText("Shipped");
  await expect(page.getByTestId("shipment")).toContainText("794698765432");
  await expect(page.getByTestId("stock-taken")).toContainText(/Inventory updated.* from lot .* on hand there now/);
  expect(await db.select().from(packages).where(eq(packages.fulfillmentId, f!.id))).toHaveLength(2);

  await page.getByLabel("Signed by").fill("M. Chen");
  await page.getByRole("button", { name: "Delivered" }).click();
  await expect(page.getByTestId("fulfillment-status")).toHaveText("Closed");
  await expect(page.getByTestId("shipment")).toContainText("signed by M. Chen");
  await expect(page.getByTestId("stock-taken")).toContainText("Delivered · loop closed");
  await page.screenshot({ path: info.outputPath("fulfillment-closed.png"), fullPage: true });

  const [order] = await db.select().from(orders).where(eq(orders.id, f!.orderId));
  expect(order?.status).toBe("CLOSED");
  await page.goto(`/orders/${f!.orderId}`);
  await expect(page.getByTestId("order-shipment")).toContainText(/794698765432 · Delivered · dispatched .* · delivered/);
  await expect(page.getByTestId("order-shipment").getByRole("link")).toHaveAttribute("href", /794698765432/);
  const [shipment] = await db.select().from(shipments).where(eq(shipments.fulfillmentId, f!.id));
  expect(shipment).toMatchObject({ status: "DELIVERED", trackingNumber: "794698765432", proof: { signer: "M. Chen" } });
});
