import { sql } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { queryRows } from "../../db/client";
import type { Actor } from "../../server/services/actor";
import { recordEvents } from "../../server/services/events";
import { readLoopEvents, type ReadLoopEventsInput } from "../../server/services/events/readLoopEvents";
import type { LoopEventView } from "../../server/services/events/loopEventView";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";
import { shippedOrder } from "../support/flows";

const t = useTestDatabase();
// Holding one transaction open while another commits needs two connections; PGlite has one.
const onServer = inject("databaseUrl").startsWith("postgres");

/**
 * Reads on from `after` until every wanted event id has arrived (other suites share the server,
 * and their open transactions hold the feed back for a moment), then to the end of the feed.
 */
async function walk(actor: Actor, opts: { after?: string; limit?: number; types?: string[]; until?: Set<string> } = {}) {
  const events: LoopEventView[] = [];
  let cursor = opts.after;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const input: ReadLoopEventsInput = { limit: opts.limit ?? 100, types: opts.types };
    if (cursor) input.after = cursor;
    const page = await readLoopEvents(t.db, actor, input);
    events.push(...page.events);
    cursor = page.nextCursor;
    if (page.events.length === input.limit) continue;
    const seen = new Set(events.map((e) => e.id));
    if (!opts.until || [...opts.until].every((id) => seen.has(id))) return { events, cursor };
    if (Date.now() > deadline) return { events, cursor };
    await new Promise((r) => setTimeout(r, 25));
  }
}

const ids = (events: { id: string }[]) => events.map((e) => e.id);

async function committedEventIds(workspaceId: string, where = sql`true`) {
  const rows = await queryRows<{ id: string }>(t.db, sql`select id from loop_events where workspace_id = ${workspaceId} and ${where}`);
  return new Set(rows.map((r) => r.id));
}

async function recordProbe(w: TestWorkspace, db: Parameters<typeof recordEvents>[0], subjectId: string, label: string) {
  await recordEvents(db, w.actors.operator, [{ type: "test.feed.probe", subjectType: "order", subjectId, payload: { label } }]);
  const [row] = await queryRows<{ id: string; seq: number }>(db, sql`select id, seq::int as seq from loop_events where workspace_id = ${w.workspace.id} and payload->>'label' = ${label}`);
  return row!;
}

describe("the loop event feed is commit-safe", () => {
  it.runIf(onServer)("never steps past an event whose transaction commits after a later-numbered one: both arrive, once each, in a stable order", async () => {
    const w = await makeWorkspace(t.db);
    await w.product("SERUM");
    const order = await w.order([{ sku: "SERUM", quantity: 1 }]);
    const before = await walk(w.actors.operator, { until: await committedEventIds(w.workspace.id) });

    let written!: () => void;
    let release!: () => void;
    const heldWrote = new Promise<void>((r) => (written = r));
    const released = new Promise<void>((r) => (release = r));
    let held!: { id: string; seq: number };
    const heldTx = t.db.transaction(async (tx) => {
      held = await recordProbe(w, tx, order.id, "held");
      written();
      await released;
    });
    await heldWrote;
    const later = await recordProbe(w, t.db, order.id, "later"); // commits at once
    expect(later.seq).toBeGreaterThan(held.seq); // the case: lower seq, committing last

    // While the held transaction is open the feed may not hand out a cursor past its event.
    const whileHeld = await walk(w.actors.operator, { after: before.cursor });
    expect(ids(whileHeld.events)).not.toContain(later.id);

    release();
    await heldTx;
    const after = await walk(w.actors.operator, { after: whileHeld.cursor, until: new Set([held.id, later.id]) });
    expect(ids(after.events)).toEqual([held.id, later.id]);

    // From the start, twice, one event at a time: each event once, the same order both times.
    const all = await committedEventIds(w.workspace.id);
    const first = await walk(w.actors.operator, { limit: 1, until: all });
    const second = await walk(w.actors.operator, { limit: 7, until: all });
    expect(ids(first.events)).toEqual(ids(second.events));
    expect(new Set(ids(first.events))).toEqual(all);
    expect(ids(first.events)).toHaveLength(all.size);
    expect(ids(first.events).indexOf(held.id)).toBeLessThan(ids(first.events).indexOf(later.id));
  });

  it.runIf(onServer)("two writers committing out of seq order while a reader walks the cursor: the reader gets everything committed, nothing twice", async () => {
    const w = await makeWorkspace(t.db);
    await w.product("SERUM");
    const order = await w.order([{ sku: "SERUM", quantity: 1 }]);
    const start = await walk(w.actors.operator, { until: await committedEventIds(w.workspace.id) });

    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let writing = true;
    const writer = async (name: string) => {
      for (let i = 0; i < 60; i++) {
        await t.db
          .transaction(async (tx) => {
            // Several events per transaction, a pause before commit: the other writer's later
            // seqs commit first, over and over. Every fifth transaction rolls back.
            for (let e = 0; e < 1 + (i % 3); e++) await recordEvents(tx, w.actors.operator, [{ type: "test.feed.burst", subjectType: "order", subjectId: order.id, payload: { label: `${name}-${i}-${e}` } }]);
            await pause((i * 7 + name.length) % 4);
            if (i % 5 === 4) throw new Error("rolled back on purpose");
          })
          .catch((e: Error) => expect(e.message).toBe("rolled back on purpose"));
      }
    };
    const seen: LoopEventView[] = [];
    const reader = (async () => {
      let cursor = start.cursor;
      while (writing) {
        const page = await readLoopEvents(t.db, w.actors.operator, { after: cursor, limit: 5 });
        seen.push(...page.events);
        cursor = page.nextCursor;
      }
      return cursor;
    })();
    await Promise.all([writer("a"), writer("bb")]);
    writing = false;
    const cursor = await reader;

    const committed = await committedEventIds(w.workspace.id, sql`type = 'test.feed.burst'`);
    const perWriter = Array.from({ length: 60 }, (_, i) => (i % 5 === 4 ? 0 : 1 + (i % 3))).reduce((a, b) => a + b, 0);
    expect(committed.size).toBe(2 * perWriter);
    const rest = await walk(w.actors.operator, { after: cursor, until: new Set([...committed].filter((id) => !seen.some((e) => e.id === id))) });
    const delivered = [...seen, ...rest.events].filter((e) => e.type === "test.feed.burst");
    expect(ids(delivered)).toHaveLength(new Set(ids(delivered)).size);
    expect(new Set(ids(delivered))).toEqual(committed);
    expect(delivered.some((e) => String(e.payload.label).endsWith("-4-0"))).toBe(false); // rolled back
  });

  it("a walk from the start in pages of any size gives every event of the workspace once, in one order", async () => {
    const w = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.stock("SERUM", "S-1", 20, { expiresOn: "2027-03-01" });
    await shippedOrder(t.db, w, [{ sku: "SERUM", quantity: 2 }], { carrierCode: "FEDEX", serviceCode: "GROUND", trackingNumber: "794612345678" });
    const all = await committedEventIds(w.workspace.id);
    const whole = await walk(w.actors.operator, { until: all });
    expect(new Set(ids(whole.events))).toEqual(all);
    expect(ids(whole.events)).toHaveLength(all.size);
    for (const limit of [1, 2, 5]) expect(ids((await walk(w.actors.operator, { limit, until: all })).events)).toEqual(ids(whole.events));
    // Read to the end, the cursor stays put until something new commits.
    const again = await readLoopEvents(t.db, w.actors.operator, { after: whole.cursor });
    expect(again.events).toEqual([]);
  });
});

describe("what the loop event feed shows whom", () => {
  it("never shows another workspace's events, and refuses its cursors as BAD_INPUT naming `after`", async () => {
    const [mine, theirs] = [await makeWorkspace(t.db), await makeWorkspace(t.db)];
    for (const w of [mine, theirs]) {
      await w.product("SERUM");
      await w.stock("SERUM", "S-1", 20, { expiresOn: "2027-03-01" });
      await w.order([{ sku: "SERUM", quantity: 1 }]);
    }
    const myEvents = await committedEventIds(mine.workspace.id);
    const theirEvents = await committedEventIds(theirs.workspace.id);
    const walked = await walk(mine.actors.admin, { until: myEvents });
    expect(new Set(ids(walked.events))).toEqual(myEvents);
    expect(ids(walked.events).filter((id) => theirEvents.has(id))).toEqual([]);

    const theirCursor = (await walk(theirs.actors.admin, { until: theirEvents })).cursor;
    await expect(readLoopEvents(t.db, mine.actors.admin, { after: theirCursor })).rejects.toMatchObject({ code: "BAD_INPUT", issues: [{ field: "after" }] });
    await expect(readLoopEvents(t.db, mine.actors.admin, { after: "not-a-cursor" })).rejects.toMatchObject({ code: "BAD_INPUT", issues: [{ field: "after" }] });
  });

  it("shows a customer only their account's orders and those orders' fulfillments, with the buyer's view of each payload", async () => {
    const w = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.stock("SERUM", "S-1", 50, { expiresOn: "2027-03-01" });
    const shipping = (trackingNumber: string) => ({ carrierCode: "FEDEX", serviceCode: "GROUND", trackingNumber });
    const acme = await shippedOrder(t.db, w, [{ sku: "SERUM", quantity: 2 }], shipping("794612345678"), { accountCode: "ACME", buyerPo: "PO-ACME" });
    const other = await shippedOrder(t.db, w, [{ sku: "SERUM", quantity: 3 }], shipping("794612345679"), { accountCode: "OTHER", buyerPo: "PO-OTHER" });
    await w.order([{ sku: "SERUM", quantity: 1 }]); // a DTC order: no account

    const acmeSubjects = new Set([acme.order.id, acme.fulfillment.id]);
    const expected = await committedEventIds(w.workspace.id, sql`subject_id in (${acme.order.id}, ${acme.fulfillment.id})`);
    const walked = await walk(w.actors.customerAcme, { until: expected });
    expect(new Set(ids(walked.events))).toEqual(expected);
    expect(walked.events.every((e) => acmeSubjects.has(e.subject.id))).toBe(true);
    expect(walked.events.map((e) => e.type)).toEqual(expect.arrayContaining(["dcm.order.allocated", "scm.fulfillment.picked", "scm.fulfillment.shipped"]));

    // The buyer's view, as on the order page: no bins, lots' positions, stock or costs.
    const allowed = new Set(["number", "quantity", "units", "carrier", "carrierName", "service", "serviceName", "trackingNumber", "trackingUrl", "estimatedDeliveryOn", "lotsShipped", "buyerPo", "reason", "signer", "invoiceNumber", "dueOn"]);
    for (const e of walked.events) expect(Object.keys(e.payload).filter((k) => !allowed.has(k))).toEqual([]);
    const picked = walked.events.find((e) => e.type === "scm.fulfillment.picked")!;
    expect(picked.payload).not.toHaveProperty("bin");
    expect(picked.subject).toEqual({ type: "fulfillment", id: acme.fulfillment.id, number: acme.fulfillment.number });
    // Staff read the same event whole.
    const staff = await walk(w.actors.operator, { until: await committedEventIds(w.workspace.id) });
    expect(staff.events.find((e) => e.id === picked.id)!.payload).toHaveProperty("bin", "A-01");
    expect(ids(staff.events)).toEqual(expect.arrayContaining([...(await committedEventIds(w.workspace.id, sql`subject_id = ${other.order.id}`))]));

    // The other account's buyer sees only theirs.
    const otherWalk = await walk(w.actors.customerOther, { until: await committedEventIds(w.workspace.id, sql`subject_id in (${other.order.id}, ${other.fulfillment.id})`) });
    expect(otherWalk.events.every((e) => [other.order.id, other.fulfillment.id].includes(e.subject.id))).toBe(true);
    expect(otherWalk.events.length).toBeGreaterThan(0);
  });

  it("filters by exact type and by prefix", async () => {
    const w = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.stock("SERUM", "S-1", 20, { expiresOn: "2027-03-01" });
    await shippedOrder(t.db, w, [{ sku: "SERUM", quantity: 2 }], { carrierCode: "FEDEX", serviceCode: "GROUND", trackingNumber: "794612345678" });
    const all = await walk(w.actors.operator, { until: await committedEventIds(w.workspace.id) });
    const types = all.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["dcm.order.allocated", "scm.fulfillment.picked", "scm.inventory.received"]));

    const exact = await walk(w.actors.operator, { types: ["dcm.order.allocated"] });
    expect(exact.events.map((e) => e.type)).toEqual(types.filter((x) => x === "dcm.order.allocated"));
    const prefixed = await walk(w.actors.operator, { types: ["scm.fulfillment.*", "scm.inventory.received"] });
    expect(prefixed.events.map((e) => e.type)).toEqual(types.filter((x) => x.startsWith("scm.fulfillment.") || x === "scm.inventory.received"));
    expect(prefixed.events.length).toBeGreaterThan(1);
    // A prefix is a prefix of whole words, and `_` is no wildcard.
    expect((await walk(w.actors.operator, { types: ["scm.fulfil.*", "dcm_order.*"] })).events).toEqual([]);
  });

  it("refuses unbounded or malformed input, naming the field", async () => {
    const w = await makeWorkspace(t.db);
    const refused = (input: unknown) => expect(readLoopEvents(t.db, w.actors.operator, input as ReadLoopEventsInput)).rejects.toMatchObject({ code: "BAD_INPUT" });
    await refused({ limit: 0 });
    await refused({ limit: 501 });
    await refused({ limit: 2.5 });
    await refused({ types: ["scm.*.shipped"] });
    await refused({ types: ["x".repeat(101)] });
    await refused({ types: Array.from({ length: 51 }, () => "dcm.order.*") });
    await refused({ after: "A".repeat(201) });
    await expect(readLoopEvents(t.db, w.actors.operator, { limit: 501 })).rejects.toMatchObject({ issues: [{ field: "limit" }] });
    await expect(readLoopEvents(t.db, w.actors.operator, { types: ["nope!"] })).rejects.toMatchObject({ issues: [{ field: "types[0]" }] });
  });
});
