import "server-only";
import { headers } from "next/headers";

/**
 * This instance's origin as the browser reached it (behind a proxy: the forwarded host and
 * scheme), for addresses an admin pastes into another system. NEXTAUTH_URL when the request says
 * nothing usable.
 */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  const first = (value: string | null) => value?.split(",")[0]?.trim() || null;
  const host = first(h.get("x-forwarded-host")) ?? first(h.get("host"));
  if (!host) return process.env.NEXTAUTH_URL ? new URL(process.env.NEXTAUTH_URL).origin : "";
  const proto = first(h.get("x-forwarded-proto")) ?? (/^(localhost|127\.|\[::1\])/.test(host) ? "http" : "https");
  return `${proto}://${host}`;
}
