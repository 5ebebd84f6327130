import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, inject, it } from "vitest";
import { queryRows } from "../../db/client";
import { loopEvents, webhookEndpoints } from "../../db/schema";
import { recordEvents } from "../../server/services/events";
import { deliverDueWebhooks } from "../../server/services/webhooks/deliver";
import { DISPATCH_BATCH, dispatchLoopEvents } from "../../server/services/webhooks/dispatch";
import { createWebhookEndpoint } from "../../server/services/webhooks/endpoints";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";
import { startReceiver, type Received, type ReceiverOptions } from "../support/webhookReceiver";
import { startWorkerProcess, type WorkerProcess } from "../support/workerProcess";

// Workers as they run in production: separate processes (`npm run worker`) on one Postgres,
// killed and started again, racing each other, and a dispatcher reading past a transaction that
// is still open. PGlite is one process with one connection: no second process can open it, and
// no transaction can stay open while another commits.
const t = useTestDatabase("webhook_workers");
const onServer = inject("databaseUrl").startsWith("postgres");

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
  // What a test leaves owed must not be delivered (or counted) in the next one.
  await t.db.update(webhookEndpoints).set({ enabled: false });
});

async function receiver(options?: ReceiverOptions) {
  const r = await startReceiver([200], options);
  closers.push(r.close);
  return r;
}

async function worker(): Promise<WorkerProcess> {
  const w = await startWorkerProcess(t.url);
  closers.push(() => w.stop("SIGKILL"));
  return w;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds; fails naming `what` (and what the workers printed) after `ms`. */
async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 30_000, workers: WorkerProcess[] = []) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}\n${workers.map((w) => w.output).join("\n")}`);
    await pause(25);
  }
}

/** `count` orders created 8 at a time: one dcm.order.received event each. */
async function burst(w: TestWorkspace, count: number) {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next++ < count) await w.order([{ sku: "SERUM", quantity: 1 }]);
    }),
  );
}

async function orderReceivedEventIds(w: TestWorkspace) {
  const rows = await t.db.select({ id: loopEvents.id }).from(loopEvents).where(and(eq(loopEvents.workspaceId, w.workspace.id), eq(loopEvents.type, "dcm.order.received")));
  return new Set(rows.map((r) => r.id));
}

/** Each of the endpoint's deliveries with its status, claims and recorded attempts. */
async function deliveriesOf(endpointId: string) {
  return queryRows<{ eventId: string; status: string; attempts: number; recorded: number; succeeded: number }>(
    t.db,
    sql`select d.event_id as "eventId", d.status, d.attempts, count(a.id)::int as recorded, count(a.id) filter (where a.status_code = 200)::int as succeeded
        from webhook_deliveries d left join webhook_attempts a on a.delivery_id = d.id
        where d.endpoint_id = ${endpointId} group by d.id`,
  );
}

async function allSucceeded(endpointId: string, owed: number) {
  const [row] = await queryRows<{ done: number }>(t.db, sql`select count(*)::int as done from webhook_deliveries where endpoint_id = ${endpointId} and status = 'SUCCEEDED'`);
  return row!.done === owed;
}

/** How many times each `webhook-id` arrived. */
function arrivals(r: { received: Received[] }) {
  const counts = new Map<string, number>();
  for (const id of r.received.map((m) => String(m.headers["webhook-id"]))) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

describe("webhook workers on one Postgres server", () => {
  it.runIf(onServer)("a worker killed with SIGKILL mid-burst and started again: every one of 1,000 events arrives, those in flight at the kill again, every delivery SUCCEEDED", async () => {
    const EVENTS = 1_000;
    const STOP_ANSWERING_AT = 300;
    const w = await makeWorkspace(t.db);
    await w.product("SERUM");
    // From the 300th POST on the receiver keeps its answers back: the worker is then surely in
    // the middle of sending when it is killed, its deliveries leased and their answers unrecorded.
    let answer!: () => void;
    const answering = new Promise<void>((resolve) => (answer = resolve));
    const r = await receiver({ beforeAnswer: () => (r.received.length >= STOP_ANSWERING_AT ? answering : Promise.resolve()) });
    const first = await worker();
    const endpoint = await createWebhookEndpoint(t.db, w.actors.admin, { url: r.url, eventTypes: ["dcm.order.received"] });

    await burst(w, EVENTS);
    await until("the receiver holds answers back", () => r.received.length >= STOP_ANSWERING_AT && r.inFlight.length > 0, 30_000, [first]);
    const unansweredAtKill = r.inFlight;
    await first.stop("SIGKILL");
    const arrivedBeforeKill = arrivals(r);
    expect(arrivedBeforeKill.size).toBeLessThan(EVENTS); // some, not all
    const [{ leased }] = (await queryRows<{ leased: string[] }>(
      t.db,
      sql`select coalesce(array_agg(event_id::text), '{}') as leased from webhook_deliveries where endpoint_id = ${endpoint.id} and status = 'PENDING' and leased_until > now()`,
    )) as [{ leased: string[] }];
    expect(unansweredAtKill.filter((id) => !leased.includes(id))).toEqual([]);

    // Stands in for the dead worker's lease running out (DELIVERY_LEASE_MS, 60 s): only then may
    // another worker send what it had taken. Nothing else about the rows changes.
    await t.db.execute(sql`update webhook_deliveries set leased_until = now() where status = 'PENDING' and leased_until > now()`);
    answer();
    const second = await worker();
    await until(`all ${EVENTS} deliveries SUCCEEDED`, () => allSucceeded(endpoint.id, EVENTS), 40_000, [second]);

    // Every event arrived; deduplicated by webhook-id none is missing and nothing else came.
    const counts = arrivals(r);
    expect(new Set(counts.keys())).toEqual(await orderReceivedEventIds(w));
    // At least once: what was in flight at the kill came again, and only what the dead worker held.
    const again = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    expect(unansweredAtKill.length).toBeGreaterThan(0);
    expect(again).toEqual(expect.arrayContaining(unansweredAtKill));
    expect(again.filter((id) => !leased.includes(id))).toEqual([]);
    expect([...counts.values()].every((n) => n <= 2)).toBe(true);

    const deliveries = await deliveriesOf(endpoint.id);
    expect(deliveries).toHaveLength(EVENTS);
    expect(deliveries.filter((d) => d.status !== "SUCCEEDED")).toEqual([]);
    // The killed attempts left no attempt row: each delivery has one, its success.
    expect(deliveries.filter((d) => d.recorded !== 1 || d.succeeded !== 1)).toEqual([]);
  });

  it.runIf(onServer)("two worker processes on one database: no event is sent twice at the same time, none is skipped, one successful attempt each", async () => {
    const EVENTS = 600;
    const w = await makeWorkspace(t.db);
    await w.product("SERUM");
    // A consumer that takes 50-100 ms: two workers sending one event at once would overlap here.
    const r = await receiver({ beforeAnswer: () => pause(50 + Math.random() * 50) });
    const endpoint = await createWebhookEndpoint(t.db, w.actors.admin, { url: r.url, eventTypes: ["dcm.order.received"] });
    // The burst first, then both workers at once: they start on the same backlog, so each turn
    // of one races a turn of the other (created while they ran, one could keep up alone).
    await burst(w, EVENTS);
    const workers = await Promise.all([worker(), worker()]);
    await until(`all ${EVENTS} deliveries SUCCEEDED`, () => allSucceeded(endpoint.id, EVENTS), 40_000, workers);

    expect(r.overlapping).toEqual([]);
    // One worker sends at most 32 at a time (deliverDueWebhooks' default limit): more in flight
    // at once means both were sending at the same moment, so the race was really run.
    expect(r.maxInFlight).toBeGreaterThan(32);
    const counts = arrivals(r);
    expect(new Set(counts.keys())).toEqual(await orderReceivedEventIds(w));
    expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
    const deliveries = await deliveriesOf(endpoint.id);
    expect(deliveries).toHaveLength(EVENTS);
    expect(deliveries.filter((d) => d.status !== "SUCCEEDED" || d.attempts !== 1 || d.recorded !== 1 || d.succeeded !== 1)).toEqual([]);
  });

  it.runIf(onServer)("a worker sends what nobody holds and does not wait for deliveries another transaction has locked", async () => {
    // Two workers alone cannot show it: a claim's lock lasts one statement, and a worker that
    // waited for it would still find the rows leased and leave them. What holds delivery rows
    // longer is a transaction such as a replay of 10,000 events, or a resend.
    const w = await makeWorkspace(t.db);
    await w.product("SERUM");
    const r = await receiver();
    const endpoint = await createWebhookEndpoint(t.db, w.actors.admin, { url: r.url, eventTypes: ["dcm.order.received"] });
    for (let i = 0; i < 3; i++) await w.order([{ sku: "SERUM", quantity: 1 }]);
    await until("the three deliveries are owed", async () => (await dispatchLoopEvents(t.db, new Date()), (await deliveriesOf(endpoint.id)).length === 3));

    let locked!: () => void;
    let release!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const holder = t.db.transaction(async (tx) => {
      await tx.execute(sql`select id from webhook_deliveries where endpoint_id = ${endpoint.id} order by event_seq limit 1 for update`);
      locked();
      await released;
    });
    await lockTaken;
    const sending = deliverDueWebhooks(t.db, { now: new Date(), random: () => 0 });
    const sent = await Promise.race([sending, pause(5_000).then(() => "still waiting after 5 s")]);
    release();
    await Promise.all([holder, sending]);
    expect(sent).toBe(2);
    expect(await deliverDueWebhooks(t.db, { now: new Date(), random: () => 0 })).toBe(1);
    expect(r.received).toHaveLength(3);
  });

  it.runIf(onServer)("an event whose transaction commits after a later one, and after a whole dispatch batch of others, is still delivered", async () => {
    const w = await makeWorkspace(t.db);
    const r = await receiver();
    await createWebhookEndpoint(t.db, w.actors.admin, { url: r.url, eventTypes: ["test.webhooks.probe"] });
    const probe = (label: string) => ({ type: "test.webhooks.probe", subjectType: "order" as const, subjectId: randomUUID(), payload: { label } });
    const turn = async () => {
      const now = new Date();
      const { read } = await dispatchLoopEvents(t.db, now);
      return read + (await deliverDueWebhooks(t.db, { now, random: () => 0 }));
    };

    // A command that has written its event and not committed yet (its transaction id is the lower).
    let written!: () => void;
    let release!: () => void;
    const heldWrote = new Promise<void>((resolve) => (written = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const held = t.db.transaction(async (tx) => {
      await recordEvents(tx, w.actors.operator, [probe("held")]);
      written();
      await released;
    });
    await heldWrote;
    // Meanwhile a later event commits, then more events than one dispatch reads at once (of a
    // type nobody subscribes to): a dispatcher that stepped past the open transaction would move
    // its cursor beyond the held event for good.
    await recordEvents(t.db, w.actors.operator, [probe("later")]);
    await recordEvents(t.db, w.actors.operator, Array.from({ length: DISPATCH_BATCH }, (_, i) => ({ ...probe(`filler ${i}`), type: "test.webhooks.filler" })));
    for (let i = 0; i < 5; i++) await turn();
    const labels = () => r.received.map((m) => (JSON.parse(m.body) as { payload: { label: string } }).payload.label);
    expect(labels()).not.toContain("held"); // it has not committed: nobody may know of it yet

    release();
    await held;
    await until("both probes arrived", async () => (await turn(), labels().length >= 2));
    for (let i = 0; i < 3; i++) await turn(); // nothing more is owed: a duplicate would show here
    expect(labels().sort()).toEqual(["held", "later"]);
  });
});
