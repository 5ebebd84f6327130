import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Browser, Page } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { accounts, carriers, channelConnections, ediDocuments, fulfillments, intakeMessages, orders, users, webhookEndpoints, workspaces } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/demo";
import { actorForUser } from "../../server/services/actor";
import { createWorkspace } from "../../server/services/admin/createWorkspace";
import { connectionForWebhook, saveChannelConnection } from "../../server/services/channels/connections";
import { storeIntakeMessage } from "../../server/services/channels/intake";
import { createWebhookEndpoint } from "../../server/services/webhooks/endpoints";
import { expect, HARBOR_BUYER, signIn, test, USERS } from "./support";

type Who = "signedOut" | "admin" | "operator" | "ironridge" | "harbor" | "otherAdmin";
/** page: it renders (200, not sent to sign-in); signin: sent to sign in; 404: not found, nothing said. */
type Outcome = "page" | "signin" | "404";

const EVERYONE: Record<Who, Outcome> = { signedOut: "signin", admin: "page", operator: "page", ironridge: "page", harbor: "page", otherAdmin: "page" };
const STAFF: Record<Who, Outcome> = { ...EVERYONE, ironridge: "404", harbor: "404" };
const ADMINS: Record<Who, Outcome> = { ...STAFF, operator: "404" };
// An IRONRIDGE order (and LMB's own rows): its account and LMB staff only.
const IRONRIDGE_ORDER: Record<Who, Outcome> = { ...EVERYONE, harbor: "404", otherAdmin: "404" };
const LMB_STAFF_ROW: Record<Who, Outcome> = { ...STAFF, otherAdmin: "404" };

/**
 * Every page route and who may open it. The first test fails when a page exists without an
 * expectation here, so a new page cannot be forgotten. API routes are listed with where they
 * are checked: tRPC procedure by procedure in tests/services/accessMatrix.test.ts.
 */
const PAGES: Record<string, Record<Who, Outcome>> = {
  "/": EVERYONE,
  "/signin": { ...EVERYONE, signedOut: "page" },
  "/board": STAFF,
  "/orders": EVERYONE,
  "/orders/new": EVERYONE,
  "/orders/[id]": IRONRIDGE_ORDER,
  "/orders/[id]/documents": IRONRIDGE_ORDER,
  "/inventory": STAFF,
  "/fulfillment": STAFF,
  "/fulfillment/pick-list": STAFF,
  "/fulfillment/[id]": LMB_STAFF_ROW,
  "/admin": ADMINS,
  "/admin/carriers": ADMINS,
  "/admin/carriers/[id]": { ...ADMINS, otherAdmin: "404" },
  "/admin/warehouses": ADMINS,
  "/admin/products": ADMINS,
  "/admin/people": ADMINS,
  "/admin/activity": ADMINS,
  "/admin/api-keys": ADMINS,
  "/admin/webhooks": ADMINS,
  "/admin/webhooks/[id]": { ...ADMINS, otherAdmin: "404" },
  "/admin/channels": ADMINS,
  "/admin/channels/[id]": { ...ADMINS, otherAdmin: "404" },
  "/intake": STAFF,
  "/intake/[id]": LMB_STAFF_ROW,
};
const API_ROUTES: Record<string, string> = {
  "/api/trpc/[trpc]": "every procedure, per role: tests/services/accessMatrix.test.ts",
  "/api/auth/[...nextauth]": "public: next-auth's sign-in, throttled (tests/services/signInLimit.test.ts, tests/e2e/signInThrottle.spec.ts)",
  "/api/webhooks/carriers/[carrierId]": "public, signature-checked: tests/e2e/carrierWebhook.spec.ts",
  "/api/board/live": "staff only: below; revoked sessions, opaque ids, stream cap: tests/e2e/sessions.spec.ts",
  "/api/v1/[...path]": "per API key, route by route: tests/services/restAccess.test.ts; over HTTP: tests/e2e/apiKeys.spec.ts",
  "/api/docs": "public: the API reference (tests/e2e/apiKeys.spec.ts)",
  "/api/mcp": "per API key, tool by tool and role by role: tests/services/mcp.test.ts; over HTTP: tests/e2e/mcp.spec.ts",
  "/api/channels/shopify/[connectionId]": "public, signature-checked: tests/services/channels.test.ts; over HTTP: tests/e2e/channels.spec.ts",
  "/api/channels/square/[connectionId]": "public, signature-checked: tests/services/channels.test.ts",
  "/api/edi/documents/[documentId]": "staff of the document's workspace only: below",
};

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return entry.name === "page.tsx" || entry.name === "route.ts" ? [path] : [];
  });
}

/** app/(app)/orders/[id]/page.tsx → /orders/[id]: route groups do not show in the URL. */
function routeOf(file: string): string {
  const segments = relative("app", file).split(sep).slice(0, -1).filter((s) => !(s.startsWith("(") && s.endsWith(")")));
  return `/${segments.join("/")}`;
}

const OTHER_ADMIN = "admin@second-brand.example";

async function secondWorkspaceAdmin(db: Database) {
  const [existing] = await db.select().from(users).where(eq(users.email, OTHER_ADMIN));
  if (existing) return;
  await createWorkspace(db, { code: "SECOND", name: "Second Brand", timeZone: "Europe/Berlin", currency: "EUR", admin: { email: OTHER_ADMIN, name: "Second Admin", password: DEMO_PASSWORD } });
}

async function pageFor(browser: Browser, who: Who): Promise<Page> {
  const page = await browser.newPage();
  const email = { signedOut: null, admin: USERS.admin, operator: USERS.operator, ironridge: USERS.ironridge, harbor: HARBOR_BUYER, otherAdmin: OTHER_ADMIN }[who];
  if (email) await signIn(page, email);
  return page;
}

test("every page and API route has an expectation", () => {
  const found = routeFiles("app").map(routeOf).sort();
  expect(found).toEqual([...Object.keys(PAGES), ...Object.keys(API_ROUTES)].sort());
});

/** An LMB webhook endpoint: the seed has none, so one is made, disabled (the app's worker sends nothing to it). */
async function lmbWebhookEndpoint(db: Database, workspaceId: string): Promise<string> {
  const [existing] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, workspaceId));
  if (existing) return existing.id;
  const [admin] = await db.select().from(users).where(eq(users.email, USERS.admin));
  return (await createWebhookEndpoint(db, actorForUser(admin!), { url: "https://example.com/hooks", description: "Route walk", enabled: false })).id;
}

/** An LMB channel connection with one message in its intake log: the seed has none, so they are made. */
async function lmbIntakeMessage(db: Database, workspaceId: string): Promise<{ connectionId: string; messageId: string }> {
  const [existing] = await db.select().from(intakeMessages).where(eq(intakeMessages.workspaceId, workspaceId));
  if (existing) return { connectionId: existing.connectionId, messageId: existing.id };
  const [admin] = await db.select().from(users).where(eq(users.email, USERS.admin));
  const [named] = await db.select().from(channelConnections).where(and(eq(channelConnections.workspaceId, workspaceId), eq(channelConnections.name, "Route walk")));
  const saved = named ?? (await saveChannelConnection(db, actorForUser(admin!), { kind: "SHOPIFY", name: "Route walk", shopDomain: "route-walk.myshopify.com", signingSecret: "route-walk-secret" }));
  const connection = await connectionForWebhook(db, "SHOPIFY", saved.id);
  const { message } = await storeIntakeMessage(db, connection!, { dedupeKey: "route-walk-1", topic: "orders/create", headers: {}, body: "{}" });
  return { connectionId: saved.id, messageId: message.id };
}

/** An X12 document of LMB's demo EDI partner: the seed exchanges none, so one is stored. */
async function lmbEdiDocument(db: Database, workspaceId: string): Promise<string> {
  const [existing] = await db.select().from(ediDocuments).where(eq(ediDocuments.workspaceId, workspaceId));
  if (existing) return existing.id;
  const [partner] = await db.select().from(channelConnections).where(and(eq(channelConnections.workspaceId, workspaceId), eq(channelConnections.kind, "EDI")));
  const [doc] = await db.insert(ediDocuments).values({ workspaceId, connectionId: partner!.id, type: "997", outbound: true, interchangeControl: 1, groupControl: 1, body: "ISA*00*route walk~" }).returning();
  return doc!.id;
}

/** Real ids for the dynamic routes: an IRONRIDGE order, an LMB fulfillment, LMB's FedEx, an LMB webhook endpoint, an LMB channel and intake message. */
async function routeUrls(db: Database) {
  const [lmb] = await db.select().from(workspaces).where(eq(workspaces.code, "LMB"));
  const [ironridge] = await db.select().from(accounts).where(and(eq(accounts.workspaceId, lmb!.id), eq(accounts.code, "IRONRIDGE")));
  const [order] = await db.select().from(orders).where(eq(orders.accountId, ironridge!.id));
  const [fulfillment] = await db.select().from(fulfillments).where(eq(fulfillments.workspaceId, lmb!.id));
  const [fedex] = await db.select().from(carriers).where(and(eq(carriers.workspaceId, lmb!.id), eq(carriers.code, "FEDEX")));
  const endpointId = await lmbWebhookEndpoint(db, lmb!.id);
  const intake = await lmbIntakeMessage(db, lmb!.id);
  return (route: string) =>
    route
      .replace("/orders/[id]", `/orders/${order!.id}`)
      .replace("/fulfillment/[id]", `/fulfillment/${fulfillment!.id}`)
      .replace("/admin/carriers/[id]", `/admin/carriers/${fedex!.id}`)
      .replace("/admin/webhooks/[id]", `/admin/webhooks/${endpointId}`)
      .replace("/admin/channels/[id]", `/admin/channels/${intake.connectionId}`)
      .replace("/intake/[id]", `/intake/${intake.messageId}`)
      .replace(/^\/fulfillment\/pick-list$/, `/fulfillment/pick-list?ids=${fulfillment!.id}`);
}

// One test per role: each walks every page, so each gets its own time budget and names its role when it fails.
for (const who of Object.keys(EVERYONE) as Who[]) {
  test(`${who} gets exactly their allowed answer on every page${who === "otherAdmin" ? ", and sees nothing of LMB" : ""}`, async ({ browser, baseURL, db }) => {
    if (who === "otherAdmin") await secondWorkspaceAdmin(db);
    const url = await routeUrls(db);
    const page = await pageFor(browser, who);
    const failures: string[] = [];
    for (const [route, expected] of Object.entries(PAGES)) {
      const response = await page.goto(url(route));
      const path = new URL(page.url()).pathname;
      const got: Outcome = response?.status() === 404 ? "404" : path === "/signin" && route !== "/signin" ? "signin" : "page";
      if (got !== expected[who]) failures.push(`${route}: expected ${expected[who]}, got ${got} (${response?.status()} at ${path})`);
      if (who === "otherAdmin" && got === "page" && /LMB-ORD|Lumen &amp; Moss|IRONRIDGE/.test(await page.content())) failures.push(`${route}: shows LMB's data`);
    }
    // The live feed answers with a status at once and then streams: read the status only.
    // Asked from Node with the page's cookies, so the browser's own connections play no part.
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const feed = await fetch(new URL("/api/board/live", baseURL), { headers: { cookie }, signal: AbortSignal.timeout(10_000) });
    const live = feed.status;
    await feed.body?.cancel();
    const wanted = who === "signedOut" ? 401 : STAFF[who] === "page" ? 200 : 403;
    if (live !== wanted) failures.push(`/api/board/live: expected ${wanted}, got ${live}`);
    // An X12 document: LMB's staff download it; customers may not; another workspace's admin finds nothing.
    const [lmb] = await db.select().from(workspaces).where(eq(workspaces.code, "LMB"));
    const edi = await fetch(new URL(`/api/edi/documents/${await lmbEdiDocument(db, lmb!.id)}`, baseURL), { headers: { cookie } });
    const ediWanted = who === "signedOut" ? 401 : who === "otherAdmin" ? 404 : STAFF[who] === "page" ? 200 : 403;
    if (edi.status !== ediWanted) failures.push(`/api/edi/documents/[documentId]: expected ${ediWanted}, got ${edi.status}`);
    await page.close();
    expect(failures).toEqual([]);
  });
}
