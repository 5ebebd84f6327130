import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { carriers } from "../../db/schema";
import { expect, test } from "./support";

// Over real HTTP against the running app: the route wiring, raw-body signature check and codes.
test("the carrier webhook route answers 401, 400 and 200 as a carrier would need", async ({ request, db }) => {
  const [fedex] = await db.select().from(carriers).where(eq(carriers.code, "FEDEX"));
  const url = `/api/webhooks/carriers/${fedex!.id}`;
  const sign = (body: string) => `hmac-sha256-hex=${createHmac("sha256", fedex!.webhookSecret.normalize("NFKD")).update(body).digest("hex")}`;

  const event = JSON.stringify({ id: "evt_e2e_1", result: { tracking_code: "794600000000", status: "delivered" } });
  expect((await request.post(url, { data: event, headers: { "content-type": "application/json", "x-hmac-signature": "hmac-sha256-hex=00" } })).status()).toBe(401);
  expect((await request.post(url, { data: event, headers: { "content-type": "application/json" } })).status()).toBe(401);

  const malformed = JSON.stringify({ id: "evt_e2e_2", result: {} });
  expect((await request.post(url, { data: malformed, headers: { "content-type": "application/json", "x-hmac-signature": sign(malformed) } })).status()).toBe(400);

  const unknown = await request.post(url, { data: event, headers: { "content-type": "application/json", "x-hmac-signature": sign(event) } });
  expect(unknown.status()).toBe(200);
  expect(await unknown.json()).toEqual({ outcome: "unknown_tracking" });
});
