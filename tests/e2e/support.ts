import { expect, test as base, type Page } from "@playwright/test";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { E2E_DATABASE_URL } from "../../playwright.config";

export const USERS = {
  operator: "operator@lumenmoss.example",
  admin: "admin@lumenmoss.example",
  ironridge: "buyer@ironridge.example",
};

export async function signIn(page: Page, email: string) {
  await page.goto("/signin");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Orders" })).toBeVisible();
}

/** Tests check the database as well as the page, through the same client the app uses. */
export const test = base.extend<{}, { db: DatabaseHandle["db"] }>({
  db: [
    async ({}, use) => {
      const handle = await openDatabase(E2E_DATABASE_URL);
      await use(handle.db);
      await handle.close();
    },
    { scope: "worker" },
  ],
});
export { expect };

/** The error message shown to the user (Next's own route announcer is an empty alert too). */
export function errorAlert(page: Page) {
  return page.locator('[role="alert"]:not(#__next-route-announcer__)');
}
