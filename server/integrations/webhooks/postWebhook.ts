import { lookup, type LookupAddress, type LookupOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { Webhook } from "standardwebhooks";
import { DELIVERY_TIMEOUT_MS, MAX_RESPONSE_LOGGED } from "../../domain/webhooks";

// The one place a webhook leaves the building: signed per Standard Webhooks, to a public
// address only (unless private ones are allowed), no redirects followed, at most 15 s and
// 2 KB of answer read.

/**
 * Private, loopback and link-local targets only where someone said so: `npm run dev` and the test
 * suites set LOOPLINE_WEBHOOKS_ALLOW_PRIVATE=1. Not NODE_ENV: a worker started without it
 * (`npm run worker`) must not become an open proxy into the network it runs in.
 */
export function privateAddressesAllowed(): boolean {
  return process.env.LOOPLINE_WEBHOOKS_ALLOW_PRIVATE === "1";
}

/** What a delivery attempt came to: the status code (null when no answer came), time, answer or error. */
export interface AttemptOutcome {
  statusCode: number | null;
  durationMs: number;
  response: string;
}

export interface SignedMessage {
  /** The loop event id: consumers deduplicate on it, across retries and resends. */
  id: string;
  body: string;
  /** The secrets that sign now: the current one, and during a rotation the previous one too. */
  secrets: string[];
}

/** Standard Webhooks headers; several signatures, space-separated, while a rotation overlaps. */
export function signatureHeaders(message: SignedMessage, at: Date): Record<string, string> {
  const signatures = message.secrets.map((secret) => new Webhook(secret).sign(message.id, at, message.body));
  return {
    "webhook-id": message.id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}

class BlockedAddress extends Error {
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a private, loopback or link-local address`);
  }
}

/** Public unicast only: ipaddr.js names every special range (private, loopback, link-local, CGNAT, mapped…). */
function isPublicAddress(address: string): boolean {
  return ipaddr.process(address).range() === "unicast";
}

/**
 * dns.lookup that refuses non-public answers. It runs at connect time, so a name cannot pass a
 * check and then resolve elsewhere for the request itself.
 */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void): void {
  lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const blocked = addresses.find((a) => !isPublicAddress(a.address));
    if (blocked) return callback(new BlockedAddress(hostname, blocked.address), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/** POSTs a signed message to `url`. Never throws: every failure is an outcome for the delivery log. */
export async function postWebhook(url: string, message: SignedMessage, at: Date): Promise<AttemptOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, "");
  const guard = !privateAddressesAllowed();
  if (guard && isIP(host) && !isPublicAddress(host)) return { statusCode: null, durationMs: 0, response: new BlockedAddress(host, host).message };

  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<AttemptOutcome, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      // The log keeps it as text: Postgres refuses NUL, and an answer that cannot be logged must not wedge its delivery.
      resolve({ ...outcome, response: outcome.response.replaceAll("\u0000", "\uFFFD"), durationMs: elapsed() });
    };
    const client = target.protocol === "https:" ? https : http;
    const request = client.request(
      target,
      {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Loopline-Webhooks/1", ...signatureHeaders(message, at) },
        lookup: guard ? publicOnlyLookup : undefined,
        agent: false, // one connection per attempt: nothing pooled outlives the lease
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
          if (text.length >= MAX_RESPONSE_LOGGED) finish({ statusCode: response.statusCode ?? null, response: text.slice(0, MAX_RESPONSE_LOGGED) });
        });
        response.on("end", () => finish({ statusCode: response.statusCode ?? null, response: text }));
        response.on("error", () => finish({ statusCode: response.statusCode ?? null, response: text }));
      },
    );
    const timer = setTimeout(() => finish({ statusCode: null, response: `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s` }), DELIVERY_TIMEOUT_MS);
    request.on("error", (error) => finish({ statusCode: null, response: error.message.slice(0, MAX_RESPONSE_LOGGED) }));
    request.end(message.body);
  });
}
