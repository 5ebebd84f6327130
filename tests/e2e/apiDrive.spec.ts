import { eq } from "drizzle-orm";
import { inventoryLedger, orders, shipments, users } from "../../db/schema";
import { actorForUser } from "../../server/services/actor";
import { createApiKey } from "../../server/services/apiKeys/createApiKey";
import { expect, signIn, test, USERS } from "./support";

const SHIP_TO = { name: "API Drive Customer", line1: "1 Api Way", city: "Boston", region: "MA", postalCode: "02110", country: "US" };

test("an operator key drives an order from create to delivered over HTTP only, and the board shows it where the API left it", async ({ page, request, db }, info) => {
  const [admin] = await db.select().from(users).where(eq(users.email, USERS.admin));
  const { secret } = await createApiKey(db, actorForUser(admin!), { name: "API drive", role: "operator" });
  const headers = { authorization: `Bearer ${secret}` };
  const post = async (path: string, data: unknown, status = 200) => {
    const response = await request.post(`/api/v1${path}`, { headers, data });
    const body = await response.json();
    expect(response.status(), `${path}: ${JSON.stringify(body).slice(0, 300)}`).toBe(status);
    return body;
  };

  const order = await post("/orders", { channel: "SHOPIFY", customerName: "API Drive Customer", shipTo: SHIP_TO, lines: [{ sku: "LMB-CLN-150", quantity: 1 }] }, 201);
  await post(`/orders/${order.id}/allocate`, {});
  await post(`/orders/${order.id}/queue`, {});
  const detail = await (await request.get(`/api/v1/orders/${order.id}`, { headers })).json();
  const fulfillmentId = detail.fulfillments[0].id as string;

  const { lines } = await post("/pick-lists", { fulfillmentIds: [fulfillmentId] });
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) await post(`/fulfillments/${fulfillmentId}/picks`, { reservationId: line.reservationId, lotCode: line.lotCode, binCode: line.binCode, quantity: line.quantity });
  await post(`/fulfillments/${fulfillmentId}/pack`, { packages: [{ weightGrams: 400, lengthMm: 200, widthMm: 150, heightMm: 100 }] });
  // A tracking number of this order's own, so the test can run again on the same database.
  const tracking = `1ZAPI${order.number.replace(/\D/g, "")}`;
  await post(`/fulfillments/${fulfillmentId}/ship`, { carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: tracking }, 201);
  const delivered = await post(`/fulfillments/${fulfillmentId}/confirm-delivery`, { signer: "R. Alvarez" });
  expect(delivered.status).toBe("DELIVERED");

  const [row] = await db.select().from(orders).where(eq(orders.id, order.id));
  expect(row?.status).toBe("CLOSED");
  const [shipment] = await db.select().from(shipments).where(eq(shipments.orderId, order.id));
  expect(shipment).toMatchObject({ trackingNumber: tracking, status: "DELIVERED" });
  const ledger = await db.select().from(inventoryLedger).where(eq(inventoryLedger.reference, tracking));
  expect(ledger.map((l) => l.kind)).toEqual(["SHIPMENT"]);

  await signIn(page, USERS.operator);
  await page.goto(`/board?search=${order.number}`);
  await expect(page.getByTestId("column-done").getByTestId("board-card").filter({ hasText: order.number })).toBeVisible();
  await page.screenshot({ path: info.outputPath("board-after-api.png") });
});
