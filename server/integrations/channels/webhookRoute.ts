import { createHash } from "node:crypto";
import type { Database } from "../../../db/client";
import type { ChannelKind } from "../../domain/channels";
import { MAX_WEBHOOK_BODY_BYTES } from "../../domain/limits";
import { readBodyCapped } from "../../api/requestGuards";
import { connectionForWebhook, type ChannelConnection } from "../../services/channels/connections";
import { processIntakeMessage, storeIntakeMessage, type InboundMessage } from "../../services/channels/intake";
import { shopifyWebhookMeta, verifyShopifyWebhook } from "./shopify";
import { squareEventMeta, verifySquareWebhook } from "./square";

// POST /api/channels/{shopify|square}/{connectionId}. A message is verified, then stored raw
// before anything else, then processed; the platform hears "received" once it is stored, so an
// acknowledged message is never lost (a crash before processing leaves it for the worker).

function json(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status });
}

/** The headers worth keeping with the message: the platform's own, never cookies or auth. */
function platformHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries([...headers].filter(([name]) => /^(x-shopify-|x-square-|content-type$|user-agent$)/.test(name)));
}

/** What the message is, by platform: its dedupe key and topic, or why it cannot be read (still stored, as rejected). */
function describe(kind: ChannelKind, raw: string, headers: Headers): { dedupeKey: string; topic: string; malformed?: string } {
  const byBody = `sha256:${createHash("sha256").update(raw).digest("hex")}`;
  if (kind === "SHOPIFY") {
    const meta = shopifyWebhookMeta(headers);
    if (!meta.ok) return { dedupeKey: byBody, topic: headers.get("x-shopify-topic")?.slice(0, 100) ?? "unknown", malformed: meta.errors.map((e) => `${e.field}: ${e.message}`).join("; ") };
    return { dedupeKey: meta.meta.dedupeKey, topic: meta.meta.topic };
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { dedupeKey: byBody, topic: "unknown", malformed: "body: is not JSON" };
  }
  const event = squareEventMeta(body);
  if (!event.ok) return { dedupeKey: byBody, topic: String((body as { type?: unknown })?.type ?? "unknown").slice(0, 100), malformed: event.errors.map((e) => `${e.field}: ${e.message}`).join("; ") };
  return { dedupeKey: event.event.eventId, topic: event.event.type };
}

function signatureValid(connection: ChannelConnection, raw: string, headers: Headers): boolean {
  if (!connection.signingSecret) return false;
  if (connection.kind === "SHOPIFY") return verifyShopifyWebhook(connection.signingSecret, raw, headers.get("x-shopify-hmac-sha256"));
  return verifySquareWebhook(connection.signingSecret, connection.notificationUrl ?? "", raw, headers.get("x-square-hmacsha256-signature"));
}

function isJson(raw: string) {
  try {
    JSON.parse(raw);
    return true;
  } catch {
    return false;
  }
}

/** 401 for a bad signature (nothing stored), 400 for a signed message that cannot be read (stored, rejected), 200 once stored. */
export async function handleChannelWebhook(db: Database, kind: "SHOPIFY" | "SQUARE", connectionId: string, request: Request): Promise<Response> {
  const connection = await connectionForWebhook(db, kind, connectionId);
  if (!connection) return json(404, { error: "unknown channel connection" });
  const raw = await readBodyCapped(request, MAX_WEBHOOK_BODY_BYTES);
  if (raw instanceof Response) return raw;
  if (!signatureValid(connection, raw, request.headers)) return json(401, { error: "signature does not match" });

  const described = describe(kind, raw, request.headers);
  const malformed = described.malformed ?? (isJson(raw) ? null : "body: is not JSON");
  const message: InboundMessage = { dedupeKey: described.dedupeKey.slice(0, 200), topic: described.topic, headers: platformHeaders(request.headers), body: raw.replaceAll("\u0000", "\uFFFD") };
  const { message: stored, duplicate } = await storeIntakeMessage(db, connection, message);
  if (duplicate) return json(200, { messageId: stored.id, duplicate: true, status: stored.status });
  let status = stored.status;
  try {
    // The adapter reads it again and rejects what cannot be read, so the intake log says why.
    status = (await processIntakeMessage(db, stored.id))?.status ?? status;
  } catch (error) {
    // Stored is what the platform needs to hear; the worker finishes the processing.
    console.error(`channel message ${stored.id}: processing failed; the worker will retry`, error);
  }
  if (malformed) return json(400, { messageId: stored.id, error: malformed });
  return json(200, { messageId: stored.id, duplicate: false, status });
}
