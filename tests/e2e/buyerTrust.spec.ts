import { eq } from "drizzle-orm";
import { orderLines, orders, products } from "../../db/schema";
import { recordShipment } from "../../server/services/fulfillment/recordShipment";
import { allocateOrder } from "../../server/services/orders/allocateOrder";
import { queueForFulfillment } from "../../server/services/orders/queueForFulfillment";
import { expect, operatorActor, pickAndPack, receivedOrder, signIn, test, trpcCall, USERS } from "./support";

// Found by probing the production build over HTTP as a buyer: prices, terms and lots were the
// buyer's to set, and their own order page showed the seller's bins and stock levels.

const SHIP_TO = { name: "Ray Calder", line1: "400 Quarry Rd", city: "Albany", region: "NY", postalCode: "12203", country: "US" };
const giftSets = (extra: Record<string, unknown> = {}) => ({ customerName: "IRONRIDGE site 9", shipTo: SHIP_TO, buyerPo: `PO-TRUST-${Date.now()}`, lines: [{ sku: "LMB-GFT-SET", quantity: 100, ...extra }] });

test("a buyer cannot set their own price, terms or lot, and gets the price list and the account's terms", async ({ page, db }) => {
  await signIn(page, USERS.ironridge);
  const request = page.request;
  const countOrders = async () => (await db.select({ id: orders.id }).from(orders)).length;
  const before = await countOrders();

  const free = await trpcCall(request, "orders.create", giftSets({ unitPriceMinor: 0 }));
  expect(free.status).toBe(403);
  expect(free.error?.message).toMatch(/customer may not set prices or payment terms/);
  const longTerms = await trpcCall(request, "orders.create", { ...giftSets(), paymentTerms: "NET_60" });
  expect(longTerms.status).toBe(403);
  const expiredLot = await trpcCall(request, "orders.create", giftSets({ lotCode: "HBM-2605X" }));
  const noLot = await trpcCall(request, "orders.create", giftSets({ lotCode: "NO-SUCH-LOT" }));
  expect(expiredLot.status).toBe(400);
  expect(expiredLot.error?.message).toBe(noLot.error?.message);
  expect(await countOrders()).toBe(before);

  const placed = await trpcCall(request, "orders.create", giftSets());
  expect(placed.status).toBe(200);
  const { id, totalMinor, paymentTerms } = placed.data as { id: string; totalMinor: number; paymentTerms: string };
  const [gift] = await db.select().from(products).where(eq(products.sku, "LMB-GFT-SET"));
  expect({ totalMinor, paymentTerms }).toEqual({ totalMinor: 100 * gift!.unitPriceMinor, paymentTerms: "NET_30" });
  const [line] = await db.select().from(orderLines).where(eq(orderLines.orderId, id));
  expect(line!.unitPriceMinor).toBe(gift!.unitPriceMinor);
});

test("nobody plans an order to ship in the past, so an expired lot cannot be pinned by back-dating", async ({ page }) => {
  await signIn(page, USERS.operator);
  const answer = await trpcCall(page.request, "orders.create", { customerName: "Back-dated", shipTo: SHIP_TO, plannedShipDate: "2026-01-02", lines: [{ sku: "LMB-HBM-220", quantity: 1, lotCode: "HBM-2605X" }] });
  expect(answer.status).toBe(400);
  expect(answer.error?.data.details).toMatchObject({ issues: [{ field: "plannedShipDate", message: expect.stringMatching(/^must be today \(\d{4}-\d{2}-\d{2}\) or later$/) }] });
});

test("a buyer's order shows the lots shipped to them, never reservations, bins, stock levels or staff names, in the API and on the page", async ({ page, db }) => {
  const operator = await operatorActor(db);
  const order = await receivedOrder(db, [{ sku: "LMB-CLN-150", quantity: 2 }], { accountCode: "IRONRIDGE", buyerPo: `PO-TRACE-${Date.now()}` });
  await allocateOrder(db, operator, { orderId: order.id, version: 1 });

  await signIn(page, USERS.ironridge);
  const allocated = await trpcCall(page.request, "orders.byId", { orderId: order.id }, "query");
  expect(allocated.status).toBe(200);
  expect((allocated.data as { allocation: unknown[] }).allocation).toEqual([]);
  expect(allocated.text).not.toMatch(/BIN-|binCode|availableBefore|positionId|"seq"|Olivia/);

  await queueForFulfillment(db, operator, { orderId: order.id, version: 2 });
  const packed = await pickAndPack(db, order.id);
  await recordShipment(db, operator, { fulfillmentId: packed.id, version: packed.version, carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: `1ZTRACE${Date.now()}` });
  const shipped = await trpcCall(page.request, "orders.byId", { orderId: order.id }, "query");
  expect((shipped.data as { lotsShipped: { lotCode: string; quantity: number }[] }).lotsShipped).toEqual([expect.objectContaining({ lotCode: "CLN-2610", quantity: 2 })]);
  expect(shipped.text).not.toMatch(/BIN-|binCode|availableBefore|positionId|"seq"|Olivia/);

  await page.goto(`/orders/${order.id}`);
  await expect(page.getByTestId("lot-shipped")).toHaveText(/CLN-2610/);
  await expect(page.getByRole("heading", { name: "Allocation" })).toHaveCount(0);
  expect(await page.locator("main").innerText()).not.toMatch(/BIN-|Available before|Olivia/);
});
