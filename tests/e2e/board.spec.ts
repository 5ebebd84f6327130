import type { Locator, Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { orders, shipments } from "../../db/schema";
import { errorAlert, expect, operatorActor, pickAndPack, receivedOrder, signIn, test, USERS } from "./support";

// Each test works on an order of its own and filters the board down to it, so tests never
// depend on what the demo data or another test has moved.
const board = (page: Page, orderNumber: string) => page.goto(`/board?search=${orderNumber}`);
const column = (page: Page, name: string) => page.getByTestId(`column-${name}`);
const cardIn = (page: Page, name: string, orderNumber: string) => column(page, name).getByTestId("board-card").filter({ hasText: orderNumber });

/** A mouse drag as dnd-kit needs it: press, a small move to start the drag, then glide to the target. */
async function pickUp(page: Page, card: Locator) {
  const box = (await card.boundingBox())!;
  // Grab the card's lower edge, away from the order link.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height - 6);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 12, box.y + box.height, { steps: 3 });
}
async function glideTo(page: Page, target: Locator) {
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 120, { steps: 12 });
}
async function drag(page: Page, card: Locator, target: Locator) {
  await pickUp(page, card);
  await glideTo(page, target);
  await page.mouse.up();
}

/**
 * Space picks the focused card up. dnd-kit's keyboard sensor starts listening for arrows a tick
 * later, so wait until the board announces where the card is before pressing any.
 */
async function pickUpByKeyboard(page: Page, card: Locator) {
  await card.focus();
  await page.keyboard.press("Space");
  await expect(page.getByText(/where it is now/)).toBeAttached();
}

/**
 * Types into a field of a dialog that has just opened. Chromium can drop text inserted in the
 * dialog's first frame (seen about once in eight runs), so fill until the field holds it.
 */
async function fillIn(field: Locator, value: string) {
  await expect(async () => {
    await field.fill(value);
    await expect(field).toHaveValue(value, { timeout: 500 });
  }).toPass({ timeout: 5_000 });
}

async function orderState(db: Parameters<typeof operatorActor>[0], orderId: string) {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  return order!;
}

test("an operator drags an order through every move of the loop, and a drop the loop refuses is explained", async ({ page, db }, info) => {
  const order = await receivedOrder(db, [{ sku: "LMB-CLN-150", quantity: 2 }]);
  await signIn(page, USERS.operator);
  await board(page, order.number);
  await expect(column(page, "inbox").getByTestId("column-count")).toHaveText("1");

  await drag(page, cardIn(page, "inbox", order.number), column(page, "allocated"));
  await expect(cardIn(page, "allocated", order.number)).toBeVisible();
  await expect(page.getByTestId("toast")).toContainText(`${order.number}: allocated`);
  await expect.poll(async () => (await orderState(db, order.id)).status).toBe("ALLOCATED");

  await drag(page, cardIn(page, "allocated", order.number), column(page, "fulfillment"));
  await expect(cardIn(page, "fulfillment", order.number)).toContainText("Picking");
  expect((await orderState(db, order.id)).status).toBe("FULFILLMENT_QUEUED");

  // Still being picked: Shipped says so while the card hovers, and the drop is refused.
  await pickUp(page, cardIn(page, "fulfillment", order.number));
  await glideTo(page, column(page, "shipped"));
  await expect(column(page, "shipped")).toHaveAttribute("data-accepts", "false");
  await expect(column(page, "shipped").getByTestId("refusal")).toContainText("Only a packed fulfillment ships");
  await expect(column(page, "allocated")).toHaveAttribute("data-accepts", "false");
  await page.mouse.up();
  await expect(errorAlert(page).filter({ hasText: "cannot move to Shipped" })).toContainText("is being picked");
  await expect(cardIn(page, "fulfillment", order.number)).toBeVisible();
  expect((await orderState(db, order.id)).status).toBe("FULFILLMENT_QUEUED");

  // The floor picks and packs (as the pick list and pack screens would); the board follows live.
  await pickAndPack(db, order.id);
  await expect(cardIn(page, "fulfillment", order.number)).toContainText("Packed");

  await drag(page, cardIn(page, "fulfillment", order.number), column(page, "shipped"));
  const shipDialog = page.getByRole("dialog", { name: /Ship .*-F1/ });
  await expect(shipDialog.getByTestId("rate-quote")).toContainText(/Cost \$\d+\.\d{2}/);
  // A tracking number of this order's own, so the test can run again on the same database.
  const tracking = `1ZBOARD${order.number.replace(/\D/g, "")}`;
  await fillIn(shipDialog.getByLabel("Tracking number"), tracking);
  await shipDialog.getByRole("button", { name: "Ship" }).click();
  await expect(cardIn(page, "shipped", order.number)).toBeVisible();
  await expect.poll(async () => (await orderState(db, order.id)).status).toBe("SHIPPED");
  const [shipment] = await db.select().from(shipments).where(eq(shipments.orderId, order.id));
  expect(shipment?.trackingNumber).toBe(tracking);

  await drag(page, cardIn(page, "shipped", order.number), column(page, "done"));
  const deliveryDialog = page.getByRole("dialog", { name: /Confirm delivery/ });
  await fillIn(deliveryDialog.getByLabel("Signed by"), "R. Alvarez");
  await deliveryDialog.getByRole("button", { name: "Delivered" }).click();
  await expect(cardIn(page, "done", order.number)).toBeVisible();
  await expect.poll(async () => (await orderState(db, order.id)).status).toBe("CLOSED");

  await page.goto("/board");
  await expect(column(page, "done").getByTestId("board-card").first()).toBeVisible();
  await page.screenshot({ path: info.outputPath("board.png") });
  await page.goto(`/orders/${order.id}`);
  await expect(page.getByTestId("order-shipment")).toContainText(new RegExp(`${tracking} · Delivered · .* signed by R\\. Alvarez`));
  await page.screenshot({ path: info.outputPath("order-page.png"), fullPage: true });
});

test("the board works from the keyboard on a narrow screen, with announcements", async ({ browser, db }) => {
  const order = await receivedOrder(db, [{ sku: "LMB-CLN-150", quantity: 1 }]);
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await signIn(page, USERS.operator);
  await board(page, order.number);

  await pickUpByKeyboard(page, cardIn(page, "inbox", order.number));
  await page.keyboard.press("ArrowRight");
  await expect(page.getByText(/Over Allocated: dropping here will allocate it/)).toBeAttached();
  await page.keyboard.press("Space");
  await expect(cardIn(page, "allocated", order.number)).toBeVisible();
  await expect.poll(async () => (await orderState(db, order.id)).status).toBe("ALLOCATED");

  // Back to Received releases the stock; then on to fulfillment, two columns in two presses.
  await pickUpByKeyboard(page, cardIn(page, "allocated", order.number));
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByText(/Over Received: dropping here will release its stock/)).toBeAttached();
  await page.keyboard.press("Space");
  await expect(cardIn(page, "inbox", order.number)).toBeVisible();
  await expect.poll(async () => (await orderState(db, order.id)).status).toBe("RECEIVED");

  await pickUpByKeyboard(page, cardIn(page, "inbox", order.number));
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByText(/In Fulfillment will not take it: Allocate stock before it goes to fulfillment/)).toBeAttached();
  await page.keyboard.press("Escape");
  await expect(page.getByText(/Cancelled\. Order .* stays where it was/)).toBeAttached();
  await expect(cardIn(page, "inbox", order.number)).toBeVisible();
  await page.close();
});

test("a move the server rejects rolls the card back with the server's reason", async ({ page, db }) => {
  const order = await receivedOrder(db, [{ sku: "LMB-GFT-SET", quantity: 5000 }]);
  await signIn(page, USERS.operator);
  await board(page, order.number);
  await drag(page, cardIn(page, "inbox", order.number), column(page, "allocated"));
  await expect(errorAlert(page).filter({ hasText: `${order.number} was not moved` })).toContainText("LMB-GFT-SET");
  await expect(cardIn(page, "inbox", order.number)).toBeVisible();
  await expect(column(page, "allocated").getByTestId("board-card")).toHaveCount(0);
  expect((await orderState(db, order.id)).status).toBe("RECEIVED");
});

test("Allocate all on the Received lane allocates what the filters show, oldest first, and names each order it could not", async ({ page, db }) => {
  // A customer name of this test's own, so the filter shows only its orders.
  const customerName = `Allocate All ${Date.now()}`;
  const ordered = { customerName, shipTo: { name: customerName, line1: "1 Test Way", city: "Boston", region: "MA", postalCode: "02110", country: "US" } };
  const first = await receivedOrder(db, [{ sku: "LMB-CLN-150", quantity: 1 }], ordered);
  const short = await receivedOrder(db, [{ sku: "LMB-GFT-SET", quantity: 5000 }], ordered);
  const last = await receivedOrder(db, [{ sku: "LMB-CLN-150", quantity: 2 }], ordered);
  await signIn(page, USERS.operator);
  await page.goto(`/board?search=${encodeURIComponent(customerName)}`);
  await expect(column(page, "inbox").getByTestId("board-card")).toHaveCount(3);

  await column(page, "inbox").getByRole("button", { name: "Allocate all" }).click();
  const toast = page.getByTestId("toast").filter({ hasText: "Allocated 2 of 3 received orders" });
  await expect(toast).toContainText(`Not allocated: ${short.number}: Not enough usable stock: LMB-GFT-SET short`);
  await expect(cardIn(page, "allocated", first.number)).toBeVisible();
  await expect(cardIn(page, "allocated", last.number)).toBeVisible();
  await expect(cardIn(page, "inbox", short.number)).toBeVisible();
  expect((await orderState(db, first.id)).status).toBe("ALLOCATED");
  expect((await orderState(db, last.id)).status).toBe("ALLOCATED");
  expect((await orderState(db, short.id)).status).toBe("RECEIVED");
  // Nothing is left to allocate under this filter but the short one: the button stays for it.
  await expect(column(page, "inbox").getByRole("button", { name: "Allocate all" })).toBeVisible();
});

test("two operators see each other's moves live, and when both move the same card one wins and the other sees the conflict", async ({ browser, db }) => {
  const order = await receivedOrder(db, [{ sku: "LMB-CLN-150", quantity: 1 }]);
  const [a, b] = await Promise.all([browser.newContext(), browser.newContext()]).then((contexts) => Promise.all(contexts.map((c) => c.newPage())));
  await signIn(a!, USERS.operator);
  await signIn(b!, USERS.admin);
  for (const page of [a!, b!]) {
    await board(page, order.number);
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-connected", "true");
  }

  // A moves; B sees it without reloading, within a second of A's answer.
  await drag(a!, cardIn(a!, "inbox", order.number), column(a!, "allocated"));
  await expect(a!.getByTestId("toast")).toContainText("allocated");
  const moved = Date.now();
  await expect(cardIn(b!, "allocated", order.number)).toBeVisible({ timeout: 1_000 });
  info(`live update seen ${Date.now() - moved} ms after the move`);

  // Both take the card from Allocated: B holds it while A moves it to fulfillment, then B drops it on Received.
  await pickUp(b!, cardIn(b!, "allocated", order.number));
  await glideTo(b!, column(b!, "inbox"));
  await drag(a!, cardIn(a!, "allocated", order.number), column(a!, "fulfillment"));
  await expect(cardIn(a!, "fulfillment", order.number)).toBeVisible();
  await b!.mouse.up();
  await expect(errorAlert(b!).filter({ hasText: "Conflict" })).toContainText(`${order.number} was changed by someone else`);
  await expect(cardIn(b!, "fulfillment", order.number)).toBeVisible();
  await expect(cardIn(b!, "inbox", order.number)).toHaveCount(0);
  expect((await orderState(db, order.id)).status).toBe("FULFILLMENT_QUEUED");
  await Promise.all([a!.context().close(), b!.context().close()]);

  function info(text: string) {
    test.info().annotations.push({ type: "measured", description: text });
    console.log(text);
  }
});

test("the board's filters live in the URL", async ({ page, db }) => {
  const order = await receivedOrder(db, [{ sku: "LMB-CLN-150", quantity: 1 }]);
  await signIn(page, USERS.operator);
  await page.goto("/board");
  await page.getByLabel("Channel").selectOption("AMAZON");
  await expect(page).toHaveURL(/channel=AMAZON/);
  await expect(cardIn(page, "inbox", order.number)).toHaveCount(0); // a Shopify order
  await page.getByLabel("Channel").selectOption("SHOPIFY");
  await page.getByLabel("Search").fill(order.number);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`channel=SHOPIFY.*search=${order.number}`));
  await expect(column(page, "inbox").getByTestId("board-card")).toHaveCount(1);
  await page.reload();
  await expect(page.getByLabel("Channel")).toHaveValue("SHOPIFY");
  await expect(cardIn(page, "inbox", order.number)).toBeVisible();
  // The Board link clears the filters: the form follows the URL.
  await page.getByRole("navigation").getByRole("link", { name: "Board" }).click();
  await expect(page).toHaveURL(/\/board$/);
  await expect(page.getByLabel("Channel")).toHaveValue("");
  await expect(page.getByLabel("Search")).toHaveValue("");
});
