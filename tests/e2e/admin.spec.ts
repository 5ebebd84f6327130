import { and, eq } from "drizzle-orm";
import { bins, carriers, inventoryPositions, loopEvents } from "../../db/schema";
import { errorAlert, expect, signIn, test, USERS } from "./support";

test("an admin adds a carrier, sees its webhook secret once, rotates it, and sets zones and rates with line-by-line errors", async ({ page, db }, info) => {
  await signIn(page, USERS.admin);
  await page.getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Carriers" })).toBeVisible();

  await page.getByLabel("Code", { exact: true }).fill("dhl");
  await page.getByLabel("Name", { exact: true }).fill("DHL Express");
  await page.getByLabel("Tracking URL template").fill("https://www.dhl.com/track");
  await page.getByLabel("Service 1 code").fill("EXPRESS");
  await page.getByLabel("Service 1 name").fill("DHL Express Worldwide");
  await page.getByLabel("Service 1 transit days").fill("2");
  await page.getByRole("button", { name: "Create carrier" }).click();
  await expect(page.getByText("must contain {tracking} where the tracking number goes", { exact: true })).toBeVisible();
  expect(await db.select().from(carriers).where(eq(carriers.code, "DHL"))).toHaveLength(0);

  await page.getByLabel("Tracking URL template").fill("https://www.dhl.com/track?id={tracking}");
  await page.getByRole("button", { name: "Create carrier" }).click();
  const shown = (await page.getByTestId("webhook-secret").locator("code").textContent())!;
  expect(shown).toMatch(/^whsec_/);
  const [dhl] = await db.select().from(carriers).where(eq(carriers.code, "DHL"));
  expect(dhl?.webhookSecret).toBe(shown);

  await page.getByRole("link", { name: "Set its zones and rates" }).click();
  await expect(page.getByRole("heading", { name: "DHL Express" })).toBeVisible();
  expect(await page.content()).not.toContain(shown); // shown once, never again
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Rotate webhook secret" }).click();
  const rotated = (await page.getByTestId("webhook-secret").locator("code").textContent())!;
  expect(rotated).not.toBe(shown);
  await expect.poll(async () => (await db.select().from(carriers).where(eq(carriers.id, dhl!.id)))[0]?.webhookSecret).toBe(rotated);

  await page.getByLabel("Zone rules").fill("1 REGION MA\n2 POSTAL 9");
  await page.getByRole("button", { name: "Save 2 lines" }).first().click();
  await expect(page.getByLabel("Zone rules")).toHaveValue(/1 REGION MA/);
  await page.getByLabel("Rate table").fill("EXPRESS 1 1000 15.00\nEXPRESS 9 1000 19.00");
  await page.getByRole("button", { name: "Save 2 lines" }).last().click();
  await expect(errorAlert(page)).toContainText("line 2, zone: DHL has no zone 9; set its zones first");
  await page.getByLabel("Rate table").fill("EXPRESS 1 1000 15.00\nEXPRESS 2 1000 21.50");
  await page.getByRole("button", { name: "Save 2 lines" }).last().click();
  await expect(page.getByTestId("rates-EXPRESS")).toContainText("$21.50");
  await page.screenshot({ path: info.outputPath("admin-carrier.png"), fullPage: true });

  const events = await db.select().from(loopEvents).where(eq(loopEvents.subjectId, dhl!.id));
  expect(events.map((e) => e.type).sort()).toEqual(["admin.carrier.created", "admin.carrier.rates_set", "admin.carrier.secret_rotated", "admin.carrier.zones_set"]);
  expect(events.every((e) => e.actorLabel === "Avery Admin (admin)")).toBe(true);
  expect(JSON.stringify(events)).not.toContain("whsec_");
  await page.getByRole("link", { name: "Activity" }).click();
  await expect(page.getByTestId("admin-change").first()).toContainText(/Carrier rates set .* Avery Admin \(admin\)/);
});

test("an admin adds, re-sequences and deletes bins; a bin holding stock is refused with what it holds", async ({ page, db }, info) => {
  await signIn(page, USERS.admin);
  await page.goto("/admin/warehouses");
  const table = page.getByTestId("bins-DC-East");

  const fresh = table.locator('[data-bin="new"]');
  await fresh.getByLabel("Code of new bin").fill("BIN Z9");
  await fresh.getByRole("button", { name: "Add bin" }).click();
  await expect(fresh).toContainText("must be 2 to 24 letters, digits or -");
  await expect(fresh).toContainText("is required");
  await fresh.getByLabel("Code of new bin").fill("BIN-Z9-01");
  await fresh.getByLabel("Zone of new bin").fill("Z");
  await fresh.getByLabel("Pick sequence of new bin").fill("99");
  await fresh.getByRole("button", { name: "Add bin" }).click();
  const added = table.locator('[data-bin="BIN-Z9-01"]');
  await expect(added).toBeVisible();

  await added.getByLabel("Pick sequence of bin BIN-Z9-01").fill("5");
  await added.getByRole("button", { name: "Save" }).click();
  await expect(table.getByTestId("bin-row").first()).toHaveAttribute("data-bin", "BIN-Z9-01"); // now walked first

  const full = table.locator('[data-bin="BIN-A3-04"]');
  page.once("dialog", (d) => d.accept());
  await full.getByRole("button", { name: "Delete" }).click();
  await expect(full.getByRole("alert")).toContainText(/Bin BIN-A3-04 is holding \d+ units; to be deleted it must be empty/);
  const [a304] = await db.select().from(bins).where(eq(bins.code, "BIN-A3-04"));
  expect(a304?.retiredAt).toBeNull();
  expect((await db.select().from(inventoryPositions).where(eq(inventoryPositions.binId, a304!.id))).some((p) => p.onHand > 0)).toBe(true);
  await page.screenshot({ path: info.outputPath("admin-bins.png"), fullPage: true });

  page.once("dialog", (d) => d.accept());
  await added.getByRole("button", { name: "Delete" }).click();
  await expect(added).toHaveCount(0);
  expect(await db.select().from(bins).where(and(eq(bins.code, "BIN-Z9-01")))).toHaveLength(0);
});

test("the admin console is not found for an operator", async ({ page }) => {
  await signIn(page, USERS.operator);
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  expect((await page.goto("/admin/carriers"))?.status()).toBe(404);
  expect((await page.goto("/admin/warehouses"))?.status()).toBe(404);
});
