import { expect, test as base, type APIRequestContext, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { fulfillments, users } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { actorForUser, type Actor } from "../../server/services/actor";
import { confirmPick } from "../../server/services/fulfillment/confirmPick";
import { packFulfillment } from "../../server/services/fulfillment/packFulfillment";
import { pickLines } from "../../server/services/fulfillment/pickList";
import { createOrder, type CreateOrderInput } from "../../server/services/orders/createOrder";
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

/** The demo operator as the services see them: for setting up a case the way the app would. */
export async function operatorActor(db: DatabaseHandle["db"]): Promise<Actor> {
  const [user] = await db.select().from(users).where(eq(users.email, USERS.operator));
  return actorForUser(user!);
}

/** A new order of the demo workspace, received and waiting in the board's inbox. */
export async function receivedOrder(db: DatabaseHandle["db"], lines: CreateOrderInput["lines"], extra: Partial<CreateOrderInput> = {}) {
  return createOrder(db, await operatorActor(db), {
    channel: "SHOPIFY",
    customerName: "Board Test Customer",
    shipTo: { name: "Board Test Customer", line1: "1 Test Way", city: "Boston", region: "MA", postalCode: "02110", country: "US" },
    lines,
    ...extra,
  });
}

export const HARBOR_BUYER = "buyer@harborsalon.example";

/** The floor's part, done as the pick list and pack screens would: every line picked as suggested, one box. */
export async function pickAndPack(db: DatabaseHandle["db"], orderId: string) {
  const operator = await operatorActor(db);
  const [f] = await db.select().from(fulfillments).where(eq(fulfillments.orderId, orderId));
  let version = f!.version;
  for (const line of await pickLines(db, operator.workspaceId, [f!.id])) {
    ({ version } = await confirmPick(db, operator, { fulfillmentId: f!.id, version, reservationId: line.reservationId, lotCode: line.lotCode, binCode: line.binCode, quantity: line.quantity }));
  }
  return packFulfillment(db, operator, { fulfillmentId: f!.id, version, packages: [{ weightGrams: 500, lengthMm: 200, widthMm: 150, heightMm: 100 }] });
}

/** What a tRPC call answers over HTTP (superjson's envelope opened): the status and the data or the error. */
export interface TrpcAnswer {
  status: number;
  data?: unknown;
  error?: { message: string; data: { code: string; httpStatus: number; domainCode?: string; details?: Record<string, unknown> } };
  text: string;
}

/** Calls a tRPC procedure over real HTTP with the request context's cookies, as the browser would. */
export async function trpcCall(request: APIRequestContext, path: string, input: unknown, kind: "query" | "mutation" = "mutation"): Promise<TrpcAnswer> {
  const response =
    kind === "query"
      ? await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)
      : await request.post(`/api/trpc/${path}`, { data: { json: input } });
  const text = await response.text();
  const body = JSON.parse(text) as { result?: { data: { json: unknown } }; error?: { json: TrpcAnswer["error"] } };
  return { status: response.status(), data: body.result?.data.json, error: body.error?.json, text };
}
