// Plain HTTP against the app under test, for what a browser cannot show: which address a
// request comes from (any 127.0.0.0/8 address is this machine, so a test can be several
// clients), a forged X-Forwarded-For, an old cookie, a raw event stream.
import { request as httpRequest } from "node:http";

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function http(url: string, { method = "GET", headers = {}, body, from }: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: { ...headers, ...(body ? { "content-length": String(Buffer.byteLength(body)) } : {}) }, localAddress: from }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

/** A loopback address of its own for one simulated client. */
export function someLoopbackAddress(): string {
  return `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
}

const cookiesOf = (answer: HttpAnswer) => ((answer.headers["set-cookie"] as string[] | undefined) ?? []).map((c) => c.split(";")[0]!);

/**
 * Signs in through next-auth's credentials endpoint, as the sign-in form does. Returns the
 * session cookie, or the error the form would show.
 */
export async function signInOverHttp(baseURL: string, email: string, password: string, { from, forwardedFor }: { from?: string; forwardedFor?: string } = {}) {
  const forwarded: Record<string, string> = forwardedFor ? { "x-forwarded-for": forwardedFor } : {};
  const csrf = await http(new URL("/api/auth/csrf", baseURL).toString(), { from, headers: forwarded });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const answer = await http(new URL("/api/auth/callback/credentials", baseURL).toString(), {
    method: "POST",
    from,
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; "), ...forwarded },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: baseURL, json: "true" }).toString(),
  });
  const session = cookiesOf(answer).find((c) => c.startsWith("next-auth.session-token="));
  // Asked for JSON, next-auth answers { url } (401 when refused) with the error in the URL.
  const redirectedTo = String(answer.headers["content-type"]).startsWith("application/json") ? (JSON.parse(answer.body) as { url: string }).url : String(answer.headers.location ?? "");
  const error = new URL(redirectedTo, baseURL).searchParams.get("error");
  return { cookie: session && !error ? session : null, error };
}

/** Who a cookie signs in as, by the app's own `session.me`: null once the session is over. */
export async function signedInAs(baseURL: string, cookie: string): Promise<string | null> {
  const answer = await http(new URL("/api/trpc/session.me", baseURL).toString(), { headers: { cookie } });
  const me = (JSON.parse(answer.body) as { result?: { data?: { json?: { actor: { label: string } } | null } } }).result?.data?.json;
  return me?.actor.label ?? null;
}

/** A tRPC mutation over HTTP, as the browser's client sends it. */
export async function mutate(baseURL: string, cookie: string, path: string, input: unknown) {
  return http(new URL(`/api/trpc/${path}`, baseURL).toString(), {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: new URL(baseURL).origin },
    body: JSON.stringify({ json: input }),
  });
}

export interface LiveFeed {
  status: number;
  body: string;
  /** The next server-sent event, or null when the stream ended. */
  next(timeoutMs?: number): Promise<{ event: string; id: string | null } | null>;
  close(): Promise<void>;
}

/** Opens /api/board/live with a cookie and reads its events one by one. */
export async function openLiveFeed(baseURL: string, cookie: string, lastEventId?: string): Promise<LiveFeed> {
  const controller = new AbortController();
  const response = await fetch(new URL("/api/board/live", baseURL), { headers: { cookie, ...(lastEventId ? { "last-event-id": lastEventId } : {}) }, signal: controller.signal });
  if (response.status !== 200) {
    const body = await response.text();
    return { status: response.status, body, next: async () => null, close: async () => {} };
  }
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    status: 200,
    body: "",
    async next(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) => block.split("\n").find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? null;
          const event = field("event");
          if (event) return { event, id: field("id") };
          continue; // a comment (heartbeat)
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error("no event in time");
        const chunk = await Promise.race([reader.read(), new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), left))]);
        if (chunk === "timeout") throw new Error("no event in time");
        if (chunk.done) return null;
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    async close() {
      controller.abort();
      await reader.cancel().catch(() => {});
    },
  };
}
