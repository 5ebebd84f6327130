import { randomUUID } from "node:crypto";

// An unexpected failure (a database error, a bug) must tell the caller nothing about the
// system: its message can hold SQL with parameters, or a password hash. The caller gets a
// request id to quote; the server log gets the same id with the real error. tRPC's error
// formatter, every route handler and the REST API report through here.

export interface UnexpectedReport {
  requestId: string;
  message: string;
}

/**
 * Logs the error under a request id (a fresh one, or the one the REST API already answers with
 * in X-Request-Id) and returns the only thing the caller may see.
 */
export function reportUnexpected(error: unknown, where: string, requestId: string = randomUUID()): UnexpectedReport {
  console.error(`[request ${requestId}] unexpected error in ${where}:`, redacted(error));
  return { requestId, message: `Something went wrong (request id ${requestId}).` };
}

/** The generic 500 a route handler answers with. */
export function unexpectedErrorResponse(error: unknown, where: string): Response {
  const { requestId, message } = reportUnexpected(error, where);
  return Response.json({ error: message, requestId }, { status: 500 });
}

/** Wraps a route handler so that anything it throws becomes the generic 500. */
export function guardedRoute<A extends unknown[]>(handler: (request: Request, ...rest: A) => Promise<Response>) {
  return async (request: Request, ...rest: A): Promise<Response> => {
    try {
      return await handler(request, ...rest);
    } catch (error) {
      return unexpectedErrorResponse(error, `${request.method} ${new URL(request.url).pathname}`);
    }
  };
}

/**
 * The error as the log may hold it: a failed query's message lists its bind parameters, which
 * can be a password hash or a customer's address. The statement stays; the values go.
 */
export function redacted(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    parts.push(e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e));
    if (!(e instanceof Error)) break;
  }
  return parts
    .join("\ncaused by: ")
    .replace(/^params: .*$/gm, "params: [redacted]")
    .replace(/\$argon2[^\s,]*/g, "[redacted hash]");
}
