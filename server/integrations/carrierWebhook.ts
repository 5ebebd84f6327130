import { createHmac, timingSafeEqual } from "node:crypto";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { z } from "zod";
import type { Database } from "../../db/client";
import { DomainError } from "../domain/errors";
import { MAX_CODE, MAX_NAME, MAX_NOTE, MAX_WEBHOOK_BODY_BYTES } from "../domain/limits";
import { normalizeCarrierStatus } from "../domain/tracking";
import { readBodyCapped } from "../api/requestGuards";
import { requiredText, text } from "../services/fields";
import { badInputFrom } from "../services/input";
import { applyTrackingUpdate, carrierForWebhook, type TrackingUpdate } from "../services/shipping/applyTrackingUpdate";

// Two formats arrive here. EasyPost-style tracker events, signed `X-Hmac-Signature:
// hmac-sha256-hex=<hex>` over the raw body with the carrier's secret (NFKD-normalised, as
// EasyPost's own clients do). And a generic carrier payload signed per Standard Webhooks
// (webhook-id / webhook-timestamp / webhook-signature), verified by its reference library.

/** An event time a carrier could mean: ISO 8601, from 2000 on (checked against the shipment later). */
const eventTime = text(40).refine((s) => {
  const t = Date.parse(s);
  return Number.isFinite(t) && t >= Date.parse("2000-01-01T00:00:00Z");
}, "must be an ISO 8601 time from 2000 on");
const trackingNumber = requiredText(MAX_CODE);
const statusWord = requiredText(MAX_CODE);

const easyPostEvent = z.object({
  id: requiredText(MAX_NAME),
  description: text(MAX_NOTE).optional(),
  result: z.object({
    tracking_code: trackingNumber,
    status: statusWord,
    signed_by: text(MAX_NAME).nullish(),
    updated_at: eventTime.optional(),
  }),
});

const genericEvent = z.object({
  trackingNumber,
  status: statusWord,
  occurredAt: eventTime.optional(),
  signer: text(MAX_NAME).optional(),
  description: text(MAX_NOTE).optional(),
});

function json(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status });
}

function easyPostSignatureValid(raw: string, header: string, secret: string): boolean {
  const expected = Buffer.from(`hmac-sha256-hex=${createHmac("sha256", secret.normalize("NFKD")).update(raw, "utf8").digest("hex")}`);
  const given = Buffer.from(header.trim().toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** POST /api/webhooks/carriers/{carrierId}: 401 for a bad signature, 400 for a malformed body, 200 otherwise. */
export async function handleCarrierWebhook(db: Database, carrierId: string, request: Request): Promise<Response> {
  if (!z.uuid().safeParse(carrierId).success) return json(404, { error: "unknown carrier" });
  const carrier = await carrierForWebhook(db, carrierId);
  if (!carrier) return json(404, { error: "unknown carrier" });

  const raw = await readBodyCapped(request, MAX_WEBHOOK_BODY_BYTES);
  if (raw instanceof Response) return raw;
  const easyPostSignature = request.headers.get("x-hmac-signature");
  let format: "easypost" | "generic";
  if (easyPostSignature) {
    if (!easyPostSignatureValid(raw, easyPostSignature, carrier.webhookSecret)) return json(401, { error: "signature does not match" });
    format = "easypost";
  } else if (request.headers.get("webhook-signature")) {
    try {
      new Webhook(carrier.webhookSecret).verify(raw, Object.fromEntries(request.headers));
    } catch (e) {
      if (e instanceof WebhookVerificationError) return json(401, { error: `signature does not verify: ${e.message}` });
      // The library parses the body once the signature matches: a signed body that is not JSON.
      return json(400, { error: "body is not JSON" });
    }
    format = "generic";
  } else {
    return json(401, { error: "missing signature (X-Hmac-Signature or webhook-signature)" });
  }

  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return json(400, { error: "body is not JSON" });
  }
  const update = toUpdate(format, body, request.headers);
  if ("error" in update) return json(400, update);
  if (update.status === null) return json(200, { outcome: "ignored_status" });
  try {
    return json(200, { outcome: await applyTrackingUpdate(db, carrier, { ...update, status: update.status }) });
  } catch (e) {
    // A refused event (dated before dispatch, say) is the carrier's to fix: 400, not a retry loop.
    if (e instanceof DomainError && e.code === "BAD_INPUT") return json(400, { error: e.message, issues: e.details.issues });
    throw e;
  }
}

type ParsedUpdate = Omit<TrackingUpdate, "status"> & { status: TrackingUpdate["status"] | null };

function toUpdate(format: "easypost" | "generic", body: unknown, headers: Headers): ParsedUpdate | { error: string; issues: unknown } {
  if (format === "easypost") {
    const parsed = easyPostEvent.safeParse(body);
    if (!parsed.success) return { error: "malformed tracker event", issues: badInputFrom(parsed.error).issues };
    const { id, description, result } = parsed.data;
    return {
      deliveryId: id,
      trackingNumber: result.tracking_code,
      status: normalizeCarrierStatus(result.status),
      occurredAt: result.updated_at ? new Date(result.updated_at) : new Date(),
      ...(result.signed_by ? { signer: result.signed_by } : {}),
      ...(description ? { description } : {}),
    };
  }
  const parsed = genericEvent.safeParse(body);
  if (!parsed.success) return { error: "malformed carrier event", issues: badInputFrom(parsed.error).issues };
  const deliveryId = headers.get("webhook-id")!;
  if (deliveryId.length > MAX_NAME) return { error: "malformed carrier event", issues: [{ field: "webhook-id", message: `must be at most ${MAX_NAME} characters` }] };
  const { trackingNumber, status, occurredAt, signer, description } = parsed.data;
  return { deliveryId, trackingNumber, status: normalizeCarrierStatus(status), occurredAt: occurredAt ? new Date(occurredAt) : new Date(), ...(signer ? { signer } : {}), ...(description ? { description } : {}) };
}
