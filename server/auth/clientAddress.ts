/**
 * The client's address from `X-Forwarded-For`. Our server (scripts/serve.mjs) appends the
 * socket's address to the header as every proxy does, so the rightmost entries were written by
 * machines we run and everything to their left is whatever the client sent. With `hops` trusted
 * proxies in front (LOOPLINE_TRUSTED_PROXY_HOPS, default 0: clients connect directly), the
 * client is the entry `hops` places from the right; anything further left is ignored.
 */
export function clientAddress(forwardedFor: string | null | undefined, hops = trustedProxyHops()): string {
  const entries = (forwardedFor ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  // Fewer entries than hops means a proxy we trust did not report: one bucket, never the client's word.
  return entries[entries.length - 1 - hops] ?? "unknown";
}

export function trustedProxyHops(): number {
  const hops = Number(process.env.LOOPLINE_TRUSTED_PROXY_HOPS ?? 0);
  return Number.isSafeInteger(hops) && hops >= 0 && hops <= 10 ? hops : 0;
}
