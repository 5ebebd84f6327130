import { execFileSync } from "node:child_process";

function pgbenchArgs(url: string): string[] {
  const u = new URL(url);
  return ["-h", u.hostname, "-p", u.port || "5432", "-U", decodeURIComponent(u.username || "postgres"), u.pathname.slice(1)];
}

export function pgbenchInit(url: string, scale: number): void {
  execFileSync("pgbench", ["-i", "-q", "-s", String(scale), ...pgbenchArgs(url)], { stdio: "pipe" });
}

/** pgbench's built-in TPC-B-like transaction: returns transactions per second. */
export function pgbenchTps(url: string, clients: number, seconds: number): number {
  const out = execFileSync("pgbench", ["-n", "-c", String(clients), "-j", "2", "-T", String(seconds), ...pgbenchArgs(url)], { encoding: "utf8" });
  const match = /tps = ([\d.]+)/.exec(out);
  if (!match) throw new Error(`could not read pgbench output:\n${out}`);
  return Number(match[1]);
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs `task` over `items` with `clients` concurrent workers. */
export async function runConcurrently<T>(items: T[], clients: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}
