// Transport checks that come before any procedure or handler reads a request: how big its body
// may be, and whether a browser sent it from another site. Thin on purpose; the rules about
// input live in the services.

function tooLarge(maxBytes: number): Response {
  return Response.json({ error: `The request body is larger than the limit of ${maxBytes.toLocaleString("en-US")} bytes.` }, { status: 413 });
}

/**
 * The body as text, or a 413 once it passes `maxBytes`: refused up front by its Content-Length,
 * and by counting what actually arrives (a chunked body declares no length, and a declared one
 * can lie).
 */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<string | Response> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) return tooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * A cookie-authenticated POST from another site is refused (CSRF): its Origin names another host,
 * or the browser says so in Sec-Fetch-Site. A request with neither header is no browser's
 * cross-site request, so it passes. Our own host is the Host header, or NEXTAUTH_URL's.
 */
export function crossSiteRefusal(request: Request): Response | null {
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  const ownHosts = [request.headers.get("host"), process.env.NEXTAUTH_URL ? new URL(process.env.NEXTAUTH_URL).host : null].filter((h): h is string => !!h);
  // "null" (a sandboxed frame, a file) and garbage are no origin of ours.
  const originHost = origin === null ? null : hostOf(origin);
  const crossSite = (site !== null && site !== "same-origin" && site !== "none") || (origin !== null && (originHost === null || !ownHosts.includes(originHost)));
  return crossSite ? Response.json({ error: "Cross-site requests are refused; use the app itself." }, { status: 403 }) : null;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
