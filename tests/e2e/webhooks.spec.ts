import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { webhookDeliveries, webhookEndpoints } from "../../db/schema";
import { wallTimeOf } from "../../server/domain/dates";
import { actorForUser } from "../../server/services/actor";
import { createApiKey } from "../../server/services/apiKeys/createApiKey";
import { expect, lmbUser, signIn, test } from "./support";

interface Message {
  id: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A consumer on loopback, in this process: records every POST and answers 200. */
async function startReceiver() {
  const received: Message[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      received.push({ id: String(request.headers["webhook-id"]), headers: request.headers, body });
      response.end("thanks, received");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // A path of its own, so that the endpoint is this run's even on a database that saw other runs.
    url: `http://127.0.0.1:${port}/hooks/${randomUUID().slice(0, 8)}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type LoopEventBody = { id: string; type: string; subject: { id: string; number: string | null } };

/** The messages that verify with `secret` (Standard Webhooks: id, timestamp and body signed), opened. */
function verified(messages: Message[], secret: string): LoopEventBody[] {
  return messages.map((m) => new Webhook(secret).verify(m.body, m.headers as Record<string, string>) as LoopEventBody);
}

const SHIP_TO = { name: "Webhook Test Customer", line1: "1 Hook Way", city: "Boston", region: "MA", postalCode: "02110", country: "US" };

test("an admin subscribes a receiver, sees its secret once, gets an order's events signed, finds them logged with 200, resends one and replays", async ({ page, request, db }, info) => {
  const receiver = await startReceiver();
  try {
    const admin = await lmbUser(db, "admin", "webhooks");
    await signIn(page, admin.email);
    await page.goto("/admin");
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { name: "Webhooks" })).toBeVisible();

    // A type that is none is refused, naming it; nothing is made.
    await page.getByLabel("URL").fill(receiver.url);
    await page.getByLabel("Description").fill("E2E receiver");
    await page.getByLabel("Event types").fill("dcm.order.*, order-shipped");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText("“order-shipped” must be an event type")).toBeVisible();
    expect(await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.url, receiver.url))).toHaveLength(0);

    await page.getByLabel("Event types").fill("dcm.order.*");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await page.getByTestId("webhook-secret").locator("code").textContent())!;
    expect(secret).toMatch(/^whsec_/);
    const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.url, receiver.url));
    expect(endpoint).toMatchObject({ secret, eventTypes: ["dcm.order.*"], enabled: true, description: "E2E receiver" });
    await page.screenshot({ path: info.outputPath("webhook-created.png"), fullPage: true });

    await page.reload();
    const row = page.getByTestId("webhook-endpoint-row").filter({ hasText: receiver.url });
    await expect(row).toContainText("dcm.order.*");
    await expect(row).toContainText("Enabled");
    expect(await page.content()).not.toContain(secret); // shown once, never again

    // An order made and allocated over the API: dcm.order.received, then dcm.order.allocated (stock events are not subscribed).
    const { secret: key } = await createApiKey(db, actorForUser(admin), { name: "Webhook e2e", role: "operator" });
    const headers = { authorization: `Bearer ${key}` };
    const created = await request.post("/api/v1/orders", { headers, data: { channel: "SHOPIFY", customerName: "Webhook Test Customer", shipTo: SHIP_TO, lines: [{ sku: "LMB-CLN-150", quantity: 1 }] } });
    expect(created.status()).toBe(201);
    const order = (await created.json()) as { id: string; number: string };
    expect((await request.post(`/api/v1/orders/${order.id}/allocate`, { headers, data: {} })).status()).toBe(200);

    // The app's own worker sends them within a second or two.
    const ours = () => receiver.received.filter((m) => (JSON.parse(m.body) as LoopEventBody).subject.id === order.id);
    await expect.poll(() => ours().length, { timeout: 20_000 }).toBe(2);
    const events = verified(ours(), secret);
    expect(events.map((e) => e.type)).toEqual(["dcm.order.received", "dcm.order.allocated"]);
    expect(events.every((e) => e.subject.number === order.number)).toBe(true);
    expect(ours().map((m) => m.id)).toEqual(events.map((e) => e.id));
    expect(() => verified(ours(), `whsec_${Buffer.from("not the secret of this endpoint").toString("base64")}`)).toThrow();
    expect(receiver.received.every((m) => (JSON.parse(m.body) as LoopEventBody).type.startsWith("dcm.order."))).toBe(true);

    await row.getByRole("link", { name: receiver.url }).click();
    await expect(page.getByRole("heading", { name: receiver.url })).toBeVisible();
    const received = page.locator(`[data-testid="webhook-delivery"][data-event-id="${events[0]!.id}"]`);
    const allocated = page.locator(`[data-testid="webhook-delivery"][data-event-id="${events[1]!.id}"]`);
    for (const delivery of [received, allocated]) {
      await expect(delivery.getByTestId("delivery-status")).toHaveText("Succeeded");
      await expect(delivery.getByTestId("delivery-status-code")).toHaveText("200");
      await expect(delivery.getByTestId("delivery-attempts")).toHaveText("1");
    }
    await expect(received).toContainText(order.number);
    await received.getByText("1 attempt").click();
    await expect(received.getByTestId("delivery-attempt")).toContainText(/200 · \d+ ms/);
    await expect(received.locator("pre")).toHaveText("thanks, received");
    await expect(page.getByTestId("endpoint-health")).toContainText("last success");

    // Resend: the same webhook-id arrives again, and the log counts a second attempt.
    await received.getByRole("button", { name: "Resend" }).click();
    await expect(received.getByText("Queued: sent within seconds.")).toBeVisible();
    await expect.poll(() => receiver.received.filter((m) => m.id === events[0]!.id).length, { timeout: 20_000 }).toBe(2);
    expect(verified(receiver.received.filter((m) => m.id === events[0]!.id), secret)).toHaveLength(2);
    await expect
      .poll(async () => {
        await page.reload();
        return received.getByTestId("delivery-attempts").textContent();
      }, { timeout: 20_000 })
      .toBe("2");
    await expect(received.getByTestId("delivery-status-code")).toHaveText("200");
    await page.screenshot({ path: info.outputPath("webhook-deliveries.png"), fullPage: true });

    // Rotate: a new secret once; both sign for 24 hours.
    page.once("dialog", (d) => d.accept());
    await page.getByRole("button", { name: "Rotate secret" }).click();
    const rotated = (await page.getByTestId("webhook-secret").locator("code").textContent())!;
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await expect(page.getByTestId("previous-secret-expiry")).toContainText("The old secret keeps signing until");

    // Replay from just before the order: its two events go out again, signed with both secrets.
    const [first] = await db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.endpointId, endpoint!.id), eq(webhookDeliveries.eventId, events[0]!.id)));
    const since = wallTimeOf(new Date(first!.createdAt.getTime() - 60_000), "America/New_York");
    const before = receiver.received.length;
    await page.getByLabel("Replay events since (America/New_York)").fill(since);
    await page.getByRole("button", { name: "Replay" }).click();
    await expect(page.getByRole("status").filter({ hasText: "queued to be sent again" })).toBeVisible();
    await expect.poll(() => events.every((e) => receiver.received.slice(before).some((m) => m.id === e.id)), { timeout: 20_000 }).toBe(true);
    const replayed = receiver.received.slice(before).filter((m) => events.some((e) => e.id === m.id));
    for (const key of [secret, rotated]) expect(verified(replayed, key).map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());

    // Switched off: the page says so, and the worker leaves it alone.
    page.once("dialog", (d) => d.accept());
    await page.getByRole("button", { name: "Disable endpoint" }).click();
    await expect(page.getByText("Disabled: nothing is sent to this endpoint.")).toBeVisible();
    expect((await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint!.id)))[0]?.enabled).toBe(false);

    // Disabled by the worker (five days of failures, set here rather than waited for): the reason stands out on both pages.
    const reason = "Every delivery failed since 2026-11-18 09:00 UTC (last: 503)";
    await db.update(webhookEndpoints).set({ disabledReason: reason }).where(eq(webhookEndpoints.id, endpoint!.id));
    await page.reload();
    await expect(page.getByRole("alert").filter({ hasText: `Disabled by Loopline: ${reason}` })).toBeVisible();
    await page.getByRole("link", { name: "← Webhooks" }).click();
    await expect(row.getByRole("alert")).toHaveText(`Disabled by Loopline: ${reason}`);
    await expect(row).toContainText("Disabled");
  } finally {
    await receiver.close();
  }
});
