import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { carriers } from "../../db/schema";
import { expect, signIn, test, USERS } from "./support";

// Issue 9 over real HTTP against the production build: bodies, batches, field limits, headers,
// cross-site posts and the carrier webhook's edges.

const json = { "content-type": "application/json" };
const trpcBody = (input: unknown) => JSON.stringify(superjson.serialize(input));

test("a 20 MB body is 413 and a 300-call batch is 400, naming the limits", async ({ request }) => {
  const huge = await request.post("/api/trpc/admin.saveWarehouse", { data: trpcBody({ name: "x".repeat(20_000_000) }), headers: json });
  expect(huge.status()).toBe(413);
  expect(await huge.json()).toEqual({ error: "The request body is larger than the limit of 1,000,000 bytes." });

  const paths = Array.from({ length: 300 }, () => "session.me").join(",");
  const batch = await request.get(`/api/trpc/${paths}?batch=1&input=${encodeURIComponent("{}")}`);
  expect(batch.status()).toBe(400);
  expect(JSON.stringify(await batch.json())).toContain("A batch may hold at most 50 calls.");
});

test("an oversized string is a 400 naming the field", async ({ page }) => {
  await signIn(page, USERS.admin);
  // Before the bounds this 600 KB template was stored, and shown as a link on every order page.
  const carrier = { code: "LONGURL", name: "Long URL", trackingUrlTemplate: `https://track.example/${"a".repeat(600_000)}/{tracking}`, services: [{ code: "STD", name: "Standard", transitDays: 2 }] };
  const response = await page.request.post("/api/trpc/admin.saveCarrier", { data: trpcBody(carrier), headers: json });
  expect(response.status()).toBe(400);
  const body = await response.json();
  expect(body.error.json.message).toBe("trackingUrlTemplate: must be at most 500 characters");
  expect(JSON.stringify(body)).not.toContain("stack");
});

test("pages carry the security headers, and a cross-site POST to tRPC is 403", async ({ request, page }) => {
  const response = await request.get("/signin");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["strict-transport-security"]).toContain("max-age=");

  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) violations.push(m.text());
  });
  // Signing in needs the client's JavaScript: the page hydrated under this policy.
  await signIn(page, USERS.admin);
  await page.goto("/board");
  await expect(page.getByRole("heading", { name: "Board" })).toBeVisible();
  expect(violations).toEqual([]);

  const crossSite = await request.post("/api/trpc/admin.saveWarehouse", { data: trpcBody({ code: "DC-9", name: "X" }), headers: { ...json, origin: "https://evil.example" } });
  expect(crossSite.status()).toBe(403);
  const fetchSite = await request.post("/api/trpc/admin.saveWarehouse", { data: trpcBody({ code: "DC-9", name: "X" }), headers: { ...json, "sec-fetch-site": "cross-site" } });
  expect(fetchSite.status()).toBe(403);
});

test("the carrier webhook answers 400 for a signed body that is not JSON and for an event dated 1900", async ({ request, db }) => {
  const [fedex] = await db.select().from(carriers).where(eq(carriers.code, "FEDEX"));
  const url = `/api/webhooks/carriers/${fedex!.id}`;
  const sign = (body: string | Buffer) => `hmac-sha256-hex=${createHmac("sha256", fedex!.webhookSecret.normalize("NFKD")).update(body).digest("hex")}`;

  // A Buffer: Playwright would JSON-encode a string that does not parse.
  const notJson = Buffer.from("{ this is not json");
  const malformed = await request.post(url, { data: notJson, headers: { ...json, "x-hmac-signature": sign(notJson) } });
  expect(malformed.status()).toBe(400);

  const old = JSON.stringify({ id: "evt_e2e_1900", result: { tracking_code: "794600000000", status: "delivered", updated_at: "1900-01-01T00:00:00Z" } });
  const dated1900 = await request.post(url, { data: old, headers: { ...json, "x-hmac-signature": sign(old) } });
  expect(dated1900.status()).toBe(400);
  expect(JSON.stringify(await dated1900.json())).toContain("result.updated_at");

  const long = JSON.stringify({ id: "evt_e2e_long", result: { tracking_code: "7".repeat(200_000), status: "delivered" } });
  const tooLong = await request.post(url, { data: long, headers: { ...json, "x-hmac-signature": sign(long) } });
  expect(tooLong.status()).toBe(400);
  expect(JSON.stringify(await tooLong.json())).toContain("result.tracking_code");
});
