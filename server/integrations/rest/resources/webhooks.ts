import { z } from "zod";
import { MAX_RESPONSE_LOGGED } from "../../../domain/webhooks";
import { MAX_NOTE, MAX_URL } from "../../../domain/limits";
import { MAX_EVENT_TYPE_FILTERS } from "../../../services/events/eventTypes";
import { listWebhookDeliveries, listWebhookDeliveriesInput, replayWebhookEvents, replayWebhookEventsInput, resendWebhookDelivery, resendWebhookDeliveryInput } from "../../../services/webhooks/deliveries";
import { createWebhookEndpoint, createWebhookEndpointInput, getWebhookEndpoint, listWebhookEndpoints, rotateWebhookEndpointSecret, updateWebhookEndpoint, updateWebhookEndpointInput, webhookEndpointRef } from "../../../services/webhooks/endpoints";
import { outId, outInt, outList, outText, outTime } from "../outputs";
import { restRoute, type RestRoute } from "../route";

// Outbound webhook subscriptions and their delivery log, for admin keys (the services refuse
// anyone else). A secret leaves the server only in the answers that make one: create and rotate.

const TAG = "Webhooks";
const endpointParams = webhookEndpointRef;

/** An endpoint as every read answers it: no secret. */
const endpointOutput = z.object({
  id: outId,
  url: outText(MAX_URL),
  description: outText(MAX_NOTE),
  /** Exact types or prefixes (`scm.fulfillment.*`); empty: every event. */
  eventTypes: outList(outText(100), MAX_EVENT_TYPE_FILTERS),
  enabled: z.boolean(),
  /** Why the system switched it off (every delivery failed for five days); null otherwise. */
  disabledReason: outText().nullable(),
  failingSince: outTime.nullable(),
  lastSuccessAt: outTime.nullable(),
  /** Until when the secret before the last rotation still signs beside the current one. */
  previousSecretExpiresAt: outTime.nullable(),
  createdAt: outTime,
  updatedAt: outTime,
});

const secretOutput = outText(100).describe("The signing secret (`whsec_…`), shown this once: store it now.");

const deliveryOutput = z.object({
  id: outId,
  status: z.enum(["PENDING", "SUCCEEDED", "FAILED"]),
  attempts: outInt,
  /** When a PENDING delivery is tried next. */
  nextAttemptAt: outTime,
  lastStatusCode: outInt.nullable(),
  createdAt: outTime,
  completedAt: outTime.nullable(),
  event: z.object({ id: outId, type: outText(200), occurredAt: outTime, subjectType: outText(64), number: outText(64).nullable() }),
  attemptLog: outList(
    z.object({
      attemptedAt: outTime,
      /** Null when no HTTP answer came (refused, timed out, blocked address). */
      statusCode: outInt.nullable(),
      durationMs: outInt,
      /** The first 2 KB of the answer, or what went wrong before one arrived. */
      response: outText(MAX_RESPONSE_LOGGED),
    }),
    100,
  ),
});

export const webhookRoutes: RestRoute[] = [
  restRoute({
    method: "GET",
    path: "/webhook-endpoints",
    operationId: "listWebhookEndpoints",
    summary: "List webhook endpoints (admin)",
    description: "Every subscriber of the workspace, newest first, with its health: last success, failing since, and why the system disabled it. Secrets are never read back.",
    tag: TAG,
    output: z.object({ rows: outList(endpointOutput, 10_000) }),
    call: async ({ db, actor }) => ({ rows: await listWebhookEndpoints(db, actor) }),
  }),
  restRoute({
    method: "POST",
    path: "/webhook-endpoints",
    operationId: "createWebhookEndpoint",
    summary: "Subscribe a webhook endpoint (admin)",
    description:
      "Loop events that happen from now on and match `eventTypes` (exact types or prefixes such as `dcm.order.*`; none: every event) are POSTed to `url` as Standard Webhooks, signed with the `secret` this answer carries. It is shown this once. HTTPS only.",
    tag: TAG,
    body: createWebhookEndpointInput,
    output: endpointOutput.extend({ secret: secretOutput }),
    successStatus: 201,
    call: ({ db, actor }, { body }) => createWebhookEndpoint(db, actor, body),
  }),
  restRoute({
    method: "GET",
    path: "/webhook-endpoints/{endpointId}",
    operationId: "getWebhookEndpoint",
    summary: "Get a webhook endpoint (admin)",
    tag: TAG,
    params: endpointParams,
    output: endpointOutput,
    call: ({ db, actor }, { params }) => getWebhookEndpoint(db, actor, params),
  }),
  restRoute({
    method: "POST",
    path: "/webhook-endpoints/{endpointId}",
    operationId: "updateWebhookEndpoint",
    summary: "Change a webhook endpoint (admin)",
    description: "Only the fields sent change: URL, description, event types, or `enabled`. Enabling an endpoint the system disabled clears the reason and its failing streak; what it missed can be replayed.",
    tag: TAG,
    params: endpointParams,
    body: updateWebhookEndpointInput.omit({ endpointId: true }),
    output: endpointOutput,
    call: ({ db, actor }, { params, body }) => updateWebhookEndpoint(db, actor, { ...body, endpointId: params.endpointId }),
  }),
  restRoute({
    method: "POST",
    path: "/webhook-endpoints/{endpointId}/rotate-secret",
    operationId: "rotateWebhookEndpointSecret",
    summary: "Rotate a webhook endpoint's secret (admin)",
    description: "A new secret, shown this once. Until `previousSecretExpiresAt` (24 hours) the old one signs too: `webhook-signature` carries both, so the consumer can switch without missing a delivery.",
    tag: TAG,
    params: endpointParams,
    output: z.object({ secret: secretOutput, previousSecretExpiresAt: outTime }),
    call: ({ db, actor }, { params }) => rotateWebhookEndpointSecret(db, actor, params),
  }),
  restRoute({
    method: "GET",
    path: "/webhook-endpoints/{endpointId}/deliveries",
    operationId: "listWebhookDeliveries",
    summary: "An endpoint's delivery log (admin)",
    description:
      "Newest first: each delivery with its event, status, attempts and its latest 20 attempts (status code, time, the first 2 KB of the answer). Filter by `status`; pass `nextBefore` back as `before` for the next page (null: no more).",
    tag: TAG,
    params: endpointParams,
    query: listWebhookDeliveriesInput.omit({ endpointId: true }),
    output: z.object({ rows: outList(deliveryOutput, 100), nextBefore: outId.nullable() }),
    call: async ({ db, actor }, { params, query }) => {
      const rows = await listWebhookDeliveries(db, actor, { ...query, endpointId: params.endpointId });
      return { rows, nextBefore: rows.length === query.limit ? rows.at(-1)!.id : null };
    },
  }),
  restRoute({
    method: "POST",
    path: "/webhook-deliveries/{deliveryId}/resend",
    operationId: "resendWebhookDelivery",
    summary: "Send a delivery again (admin)",
    description: "Due at once, whatever became of it before, with the same `webhook-id` (the event id): a consumer that already has it deduplicates.",
    tag: TAG,
    params: resendWebhookDeliveryInput,
    output: z.object({ id: outId, endpointId: outId, eventId: outId, status: z.enum(["PENDING", "SUCCEEDED", "FAILED"]) }),
    call: ({ db, actor }, { params }) => resendWebhookDelivery(db, actor, params),
  }),
  restRoute({
    method: "POST",
    path: "/webhook-endpoints/{endpointId}/replay",
    operationId: "replayWebhookEvents",
    summary: "Replay events since a time (admin)",
    description:
      "Queues again every event since `since` that the endpoint subscribes to, including those from before it existed or while it was disabled; answers how many. At most 10,000 at once.",
    tag: TAG,
    params: endpointParams,
    // The service coerces any date; JSON carries an ISO time, and the document says so.
    body: z.object({ since: replayWebhookEventsInput.shape.since.meta({ type: "string", format: "date-time", description: "Events from this time on, as 2026-11-23T08:00:00Z." }) }),
    output: z.object({ events: outInt }),
    call: ({ db, actor }, { params, body }) => replayWebhookEvents(db, actor, { ...body, endpointId: params.endpointId }),
  }),
];
