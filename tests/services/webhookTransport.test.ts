import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_RESPONSE_LOGGED } from "../../server/domain/webhooks";
import { postWebhook } from "../../server/integrations/webhooks/postWebhook";
import { startReceiver } from "../support/webhookReceiver";

const message = { id: "3f0c9f8e-0000-4000-8000-000000000001", body: '{"type":"dcm.order.received"}', secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"] };
const closers: (() => Promise<void>)[] = [];
const env = { ...process.env };
afterEach(async () => {
  process.env = { ...env };
  while (closers.length) await closers.pop()!();
});

/** A server answering every request with `answer`. */
async function server(answer: (res: import("node:http").ServerResponse) => void) {
  const s = createServer((_req, res) => answer(res));
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => s.close(() => resolve())));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

/** Whether private addresses were allowed explicitly (the suites allow them; a deployment does not). */
function allowPrivate(allowed: boolean) {
  process.env.LOOPLINE_WEBHOOKS_ALLOW_PRIVATE = allowed ? "1" : "";
}

describe("the webhook transport", () => {
  it("unless private addresses are allowed, never reaches loopback or private addresses, by IP (however written) or by a name that resolves there", async () => {
    const r = await startReceiver();
    closers.push(r.close);
    allowPrivate(false);
    const port = new URL(r.url).port;
    for (const url of [r.url, r.url.replace("127.0.0.1", "localhost"), `http://[::ffff:127.0.0.1]:${port}/x`, `http://2130706433:${port}/x`, `http://0.0.0.0:${port}/x`, "http://[::1]:9/x", "http://10.0.0.1:9/x", "http://169.254.169.254/latest/meta-data"]) {
      const outcome = await postWebhook(url, message, new Date());
      expect(outcome.statusCode, url).toBeNull();
      expect(outcome.response, url).toMatch(/private, loopback or link-local/);
    }
    expect(r.received).toHaveLength(0);
    allowPrivate(true);
    expect((await postWebhook(r.url, message, new Date())).statusCode).toBe(200);
    expect(r.received).toHaveLength(1);
  });

  it("does not follow redirects: a 3xx is a failed attempt", async () => {
    const target = await startReceiver();
    closers.push(target.close);
    const url = await server((res) => {
      res.writeHead(302, { location: target.url });
      res.end();
    });
    expect((await postWebhook(url, message, new Date())).statusCode).toBe(302);
    expect(target.received).toHaveLength(0);
  });

  it("keeps only the first 2 KB of an answer, however long it is", async () => {
    const url = await server((res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("x".repeat(5_000_000));
    });
    const outcome = await postWebhook(url, message, new Date());
    expect(outcome.statusCode).toBe(200);
    expect(outcome.response).toHaveLength(MAX_RESPONSE_LOGGED);
  });

  it("an answer with NUL in it is logged with the NUL replaced (Postgres would refuse the attempt row)", async () => {
    const url = await server((res) => res.end("ok\u0000done"));
    expect((await postWebhook(url, message, new Date())).response).toBe("ok\uFFFDdone");
  });

  it("an endpoint that refuses the connection is an attempt without a status, with the reason", async () => {
    const outcome = await postWebhook("http://127.0.0.1:1/hooks", message, new Date());
    expect(outcome.statusCode).toBeNull();
    expect(outcome.response).toMatch(/ECONNREFUSED/);
  });
});
