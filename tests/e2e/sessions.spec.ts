import { and, eq, max } from "drizzle-orm";
import { loopEvents, users, workspaces } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { createWorkspace } from "../../server/services/admin/createWorkspace";
import { openLiveFeed, mutate, signedInAs, signInOverHttp } from "./http";
import { expect, lmbUser, receivedOrder, signIn, test, USERS } from "./support";

const cookieOf = async (page: import("@playwright/test").Page) => {
  const session = (await page.context().cookies()).find((c) => c.name === "next-auth.session-token");
  return `${session!.name}=${session!.value}`;
};

test("signing out ends the session: the old cookie no longer signs anyone in", async ({ page, baseURL, db }) => {
  const user = await lmbUser(db, "operator", "signout");
  await signIn(page, user.email);
  const cookie = await cookieOf(page);
  expect(await signedInAs(baseURL!, cookie)).toBe(`${user.name} (operator)`);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(await signedInAs(baseURL!, cookie)).toBeNull();
});

test("'sign out everywhere' ends the user's other sessions too", async ({ browser, baseURL, db }) => {
  const user = await lmbUser(db, "operator", "everywhere");
  const desk = await browser.newPage();
  await signIn(desk, user.email);
  const elsewhere = await signInOverHttp(baseURL!, user.email, DEMO_PASSWORD);
  expect(await signedInAs(baseURL!, elsewhere.cookie!)).toBe(`${user.name} (operator)`);
  const deskCookie = await cookieOf(desk);
  await desk.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(desk.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(await signedInAs(baseURL!, elsewhere.cookie!)).toBeNull();
  expect(await signedInAs(baseURL!, deskCookie)).toBeNull();
  await desk.close();
});

test("an admin's role change ends the user's session, and their open live board closes", async ({ page, baseURL, db }) => {
  const user = await lmbUser(db, "operator", "demoted");
  const { cookie } = await signInOverHttp(baseURL!, user.email, DEMO_PASSWORD);
  const feed = await openLiveFeed(baseURL!, cookie!);
  expect(feed.status).toBe(200);
  expect((await feed.next())?.event).toBe("ready");

  await signIn(page, USERS.admin);
  const demoted = await mutate(baseURL!, await cookieOf(page), "admin.saveUser", { userId: user.id, email: user.email, name: user.name, role: "customer", accountCode: "IRONRIDGE" });
  expect(demoted.status).toBe(200);

  // The stream ends within the feed's session check (2 s): no more events for a customer.
  expect(await feed.next(10_000)).toBeNull();
  expect(await signedInAs(baseURL!, cookie!)).toBeNull();
  expect((await openLiveFeed(baseURL!, cookie!)).status).toBe(401);
});

test("live board ids are opaque cursors: not the global event seq, different in every workspace", async ({ baseURL, db }) => {
  const operator = await lmbUser(db, "operator", "cursor");
  const { cookie } = await signInOverHttp(baseURL!, operator.email, DEMO_PASSWORD);
  const otherEmail = "admin@cursor-brand.example";
  const [existing] = await db.select().from(users).where(eq(users.email, otherEmail));
  if (!existing) await createWorkspace(db, { code: "CURSOR", name: "Cursor Brand", timeZone: "UTC", currency: "EUR", admin: { email: otherEmail, name: "Cursor Admin", password: DEMO_PASSWORD } });
  const other = await signInOverHttp(baseURL!, otherEmail, DEMO_PASSWORD);

  const [lmbFeed, otherFeed] = [await openLiveFeed(baseURL!, cookie!), await openLiveFeed(baseURL!, other.cookie!)];
  const [lmbReady, otherReady] = [await lmbFeed.next(), await otherFeed.next()];
  const order = await receivedOrder(db, [{ sku: "LMB-CLN-150", quantity: 1 }]);
  const change = await lmbFeed.next();
  expect(change?.event).toBe("change");

  const [lmb] = await db.select().from(workspaces).where(eq(workspaces.code, "LMB"));
  const [{ seq } = { seq: null }] = await db.select({ seq: max(loopEvents.seq) }).from(loopEvents).where(and(eq(loopEvents.workspaceId, lmb!.id), eq(loopEvents.subjectId, order.id)));
  const ids = [lmbReady!.id!, otherReady!.id!, change!.id!];
  for (const id of ids) {
    expect(id).not.toMatch(/^\d+$/);
    expect(id).not.toContain(String(seq));
  }
  expect(new Set(ids).size).toBe(3);

  // Another workspace's cursor is a fresh start there, not a window into LMB's sequence.
  const replayed = await openLiveFeed(baseURL!, other.cookie!, change!.id!);
  expect((await replayed.next())?.event).toBe("ready");
  await Promise.all([lmbFeed.close(), otherFeed.close(), replayed.close()]);
});

test("one user may follow the board in five places; the sixth is refused with a reason until one closes", async ({ baseURL, db }) => {
  const user = await lmbUser(db, "operator", "tabs");
  const { cookie } = await signInOverHttp(baseURL!, user.email, DEMO_PASSWORD);
  const feeds = [];
  for (let i = 0; i < 5; i++) {
    const feed = await openLiveFeed(baseURL!, cookie!);
    expect(feed.status).toBe(200);
    expect((await feed.next())?.event).toBe("ready");
    feeds.push(feed);
  }
  const sixth = await openLiveFeed(baseURL!, cookie!);
  expect(sixth.status).toBe(429);
  expect(sixth.body).toBe("You already follow the board in 5 tabs or windows. Close one of them to follow it here.");

  await feeds.shift()!.close();
  await expect.poll(async () => {
    const again = await openLiveFeed(baseURL!, cookie!);
    await again.close();
    return again.status;
  }).toBe(200);
  await Promise.all(feeds.map((f) => f.close()));
});
