import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ReceiverOptions {
  /**
   * Awaited after a POST is recorded and before it is answered: a slow consumer (a delay), or
   * one that stops answering until told to (a promise kept pending), so a sender can die mid-call.
   */
  beforeAnswer?: (message: Received) => Promise<void>;
}

/**
 * A real HTTP endpoint on loopback that records every POST and answers with the next status of
 * `answers` (the last one repeats): the consumer end of outbound webhooks. It also keeps which
 * `webhook-id`s are being received right now, so a test can see one event sent twice at once.
 */
export async function startReceiver(answers: number[] = [200], options: ReceiverOptions = {}) {
  const received: Received[] = [];
  const inFlight = new Map<string, number>();
  /** `webhook-id`s that arrived while an earlier POST of the same id was still unanswered. */
  const overlapping: string[] = [];
  let maxInFlight = 0;
  let served = 0;
  const server = createServer((request, response) => {
    const id = String(request.headers["webhook-id"]);
    if (inFlight.has(id)) overlapping.push(id);
    inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
    maxInFlight = Math.max(maxInFlight, [...inFlight.values()].reduce((a, b) => a + b, 0));
    // Answered or abandoned (the sender died): either way no longer in flight.
    response.once("close", () => {
      const left = inFlight.get(id)! - 1;
      if (left === 0) inFlight.delete(id);
      else inFlight.set(id, left);
    });
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", async () => {
      const message = { headers: request.headers, body };
      received.push(message);
      await options.beforeAnswer?.(message);
      if (response.destroyed) return;
      response.statusCode = answers[Math.min(served++, answers.length - 1)]!;
      response.end(response.statusCode >= 300 ? "receiver says no" : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    overlapping,
    /** The `webhook-id`s of the POSTs unanswered right now. */
    get inFlight() {
      return [...inFlight.keys()];
    },
    /** The most POSTs unanswered at one moment. */
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // a held answer must not keep the test waiting
      }),
  };
}
