import { and, eq, inArray, sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client";
import { loopEvents, webhookAttempts, webhookDeliveries, webhookEndpoints } from "../../../db/schema";
import { DELIVERY_LEASE_MS, endpointIsDead, isDelivered, nextAttemptAt } from "../../domain/webhooks";
import { postWebhook, type AttemptOutcome } from "../../integrations/webhooks/postWebhook";
import type { Actor } from "../actor";
import { recordAdminChange } from "../admin/adminChange";
import { timelineEntry } from "../events";
import { toLoopEventView } from "../events/loopEventView";

/** What a worker is given: the clock (tests move it), the dice for jitter, and how many to take at once. */
export interface DeliveryRun {
  now: Date;
  random?: () => number;
  limit?: number;
}

interface Claimed {
  id: string;
  endpointId: string;
  eventId: string;
  attempts: number;
}

/** Candidates a claim looks at, per delivery it takes: workers claiming at once still find enough nobody holds. */
const CANDIDATES_PER_CLAIM = 4;

/**
 * Takes up to `limit` due deliveries: PENDING, due, not leased, on an enabled endpoint, and the
 * oldest still owed for their subject at that endpoint (so one subject's events arrive in order,
 * one at a time). SKIP LOCKED lets other workers take the rest; the lease is committed at once,
 * so no transaction stays open over HTTP, and a worker that dies only delays its deliveries.
 *
 * Two statements, each of a cost that does not hang on the planner's statistics. Those lag a
 * burst (autovacuum last looked when next to nothing was pending), and on them one statement
 * with a self-join ("no older owed delivery of the subject") was planned as a loop over every
 * owed delivery for each owed delivery: one claim from 5,000 owed took 5 s, from 10,000 34 s,
 * longer than the lease. So: one pass over what is owed picks each subject's oldest; then those
 * are locked and leased by id.
 */
export async function claimDueDeliveries(db: Database, now: Date, limit: number): Promise<Claimed[]> {
  const at = now.toISOString();
  const candidates = await queryRows<{ id: string }>(
    db,
    sql`
    select f.id from (
      -- Per subject at an endpoint: its oldest owed delivery, and whether any of it is in flight
      -- (a later one, while an older one was resent): one at a time, whatever was resent.
      select (array_agg(id order by event_seq))[1] as id, endpoint_id, min(event_seq) as event_seq,
             (array_agg(next_attempt_at order by event_seq))[1] as next_attempt_at,
             coalesce(bool_or(leased_until > ${at}::timestamptz), false) as in_flight
      from webhook_deliveries where status = 'PENDING'
      group by endpoint_id, subject_id
    ) f
    where f.next_attempt_at <= ${at}::timestamptz and not f.in_flight
      and f.endpoint_id in (select id from webhook_endpoints where enabled)
    order by f.next_attempt_at, f.event_seq
    limit ${limit * CANDIDATES_PER_CLAIM}`,
  );
  if (candidates.length === 0) return [];
  // Checked again under the lock: another worker may have leased or finished one since. (That
  // one is still its subject's oldest is not: only a resend or replay committing in between
  // could change it, the same moment's race one statement had between its snapshot and commit.)
  return queryRows<Claimed>(
    db,
    sql`
    with due as (
      select d.id from webhook_deliveries d
      where d.id in ${candidates.map((c) => c.id)}
        and d.status = 'PENDING' and d.next_attempt_at <= ${at}::timestamptz
        and (d.leased_until is null or d.leased_until <= ${at}::timestamptz)
      order by d.next_attempt_at, d.event_seq
      limit ${limit}
      for update of d skip locked
    )
    update webhook_deliveries d
    set leased_until = ${at}::timestamptz + ${`${DELIVERY_LEASE_MS} milliseconds`}::interval, attempts = d.attempts + 1
    from due where d.id = due.id
    returning d.id, d.endpoint_id as "endpointId", d.event_id as "eventId", d.attempts`,
  );
}

/** The secrets that sign at `now`: the current one, and the rotated-out one while its overlap lasts. */
function signingSecrets(endpoint: { secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null }, now: Date): string[] {
  const previousSigns = endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now;
  return previousSigns ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}

/**
 * One worker turn: claims due deliveries, POSTs each (in parallel), records every attempt.
 * Returns how many it attempted (0: nothing was due).
 */
export async function deliverDueWebhooks(db: Database, run: DeliveryRun): Promise<number> {
  const claimed = await claimDueDeliveries(db, run.now, run.limit ?? 32);
  if (claimed.length === 0) return 0;
  const [events, endpoints] = await Promise.all([
    db.select(timelineEntry).from(loopEvents).where(inArray(loopEvents.id, [...new Set(claimed.map((c) => c.eventId))])),
    db
      .select({ id: webhookEndpoints.id, workspaceId: webhookEndpoints.workspaceId, url: webhookEndpoints.url, secret: webhookEndpoints.secret, previousSecret: webhookEndpoints.previousSecret, previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt })
      .from(webhookEndpoints)
      .where(inArray(webhookEndpoints.id, [...new Set(claimed.map((c) => c.endpointId))])),
  ]);
  await Promise.all(
    claimed.map(async (delivery) => {
      const event = events.find((e) => e.id === delivery.eventId)!;
      const endpoint = endpoints.find((e) => e.id === delivery.endpointId)!;
      // The same body the events feed serves: one shape for push and pull consumers.
      const message = { id: event.id, body: JSON.stringify(toLoopEventView(event)), secrets: signingSecrets(endpoint, run.now) };
      const outcome = await postWebhook(endpoint.url, message, run.now);
      await recordAttempt(db, delivery, endpoint.workspaceId, outcome, run);
    }),
  );
  return claimed.length;
}

/**
 * Writes the attempt and its consequence: success closes the delivery and clears the endpoint's
 * failing streak; a failure schedules the next retry or, after the last, marks it failed; an
 * endpoint with nothing but failures for five days is switched off, on the admins' activity log.
 */
async function recordAttempt(db: Database, delivery: Claimed, workspaceId: string, outcome: AttemptOutcome, run: DeliveryRun): Promise<void> {
  const { now } = run;
  const delivered = isDelivered(outcome.statusCode);
  const retryAt = delivered ? null : nextAttemptAt(delivery.attempts, now, (run.random ?? Math.random)());
  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({ deliveryId: delivery.id, attemptedAt: now, statusCode: outcome.statusCode, durationMs: outcome.durationMs, response: outcome.response });
    await tx
      .update(webhookDeliveries)
      .set({
        status: delivered ? "SUCCEEDED" : retryAt ? "PENDING" : "FAILED",
        nextAttemptAt: retryAt ?? undefined,
        completedAt: delivered || !retryAt ? now : null,
        leasedUntil: null,
        lastStatusCode: outcome.statusCode,
      })
      .where(eq(webhookDeliveries.id, delivery.id));
    if (delivered) {
      await tx.update(webhookEndpoints).set({ lastSuccessAt: now, failingSince: null }).where(eq(webhookEndpoints.id, delivery.endpointId));
      return;
    }
    const [endpoint] = await tx
      .update(webhookEndpoints)
      .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${now.toISOString()}::timestamptz)` })
      .where(eq(webhookEndpoints.id, delivery.endpointId))
      .returning({ failingSince: webhookEndpoints.failingSince, enabled: webhookEndpoints.enabled });
    if (!endpoint?.enabled || !endpointIsDead(endpoint.failingSince, now)) return;
    const reason = `Every delivery failed since ${endpoint.failingSince!.toISOString().slice(0, 16).replace("T", " ")} UTC (last: ${outcome.statusCode ?? outcome.response.slice(0, 200)})`;
    const [disabled] = await tx
      .update(webhookEndpoints)
      .set({ enabled: false, disabledReason: reason, updatedAt: sql`now()` })
      .where(and(eq(webhookEndpoints.id, delivery.endpointId), eq(webhookEndpoints.enabled, true)))
      .returning({ id: webhookEndpoints.id });
    if (disabled) await recordAdminChange(tx, systemActor(workspaceId), "webhook_endpoint", disabled.id, "disabled", { reason });
  });
}

/** The delivery worker acting on its own: shown as "Loopline (webhooks)" on the activity log. */
function systemActor(workspaceId: string): Actor {
  return { userId: null, workspaceId, role: "admin", accountId: null, label: "Loopline (webhooks)" };
}
