// The production build, served as `npm start` serves it, for the HTTP benchmarks (bench:api,
// bench:intake): building it, starting it against a database, waiting for it, and reading what
// its process tree and Postgres cost in CPU and memory.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";

export function buildUnlessSkipped(): void {
  if (process.env.BENCH_SKIP_BUILD === "1") return;
  process.stdout.write("building the production build (npx next build)… ");
  const started = performance.now();
  execFileSync("npx", ["next", "build"], { stdio: "ignore" });
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Every process on the box: its parent, name and CPU time so far (Linux /proc). */
function processes(): { pid: number; ppid: number; comm: string; cpuTicks: number }[] {
  const found = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
      found.push({ pid: Number(pid), ppid: Number(fields[1]), comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), cpuTicks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended between listing and reading
    }
  }
  return found;
}

/** CPU ms of the server's process tree and of all postgres processes; RSS of the server tree. */
export function machine(serverPid: number): { serverCpuMs: number; postgresCpuMs: number; serverRssKb: number } {
  const all = processes();
  const tree = new Set([serverPid]);
  for (let size = 0; size !== tree.size; ) {
    size = tree.size;
    for (const p of all) if (tree.has(p.ppid)) tree.add(p.pid);
  }
  let serverRssKb = 0;
  for (const pid of tree) {
    try {
      serverRssKb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // ended
    }
  }
  const ticks = (keep: (p: (typeof all)[number]) => boolean) => all.filter(keep).reduce((n, p) => n + p.cpuTicks, 0) * 10; // USER_HZ = 100
  return { serverCpuMs: ticks((p) => tree.has(p.pid)), postgresCpuMs: ticks((p) => p.comm.startsWith("postgres")), serverRssKb };
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

export interface BenchServer {
  process: ChildProcess;
  /** The last 4,000 characters the server wrote to stderr. */
  errors(): string;
  peakRssKb(): number;
  /** Resolves once `probeUrl` answers 2xx; throws with the server's stderr if it exits or takes over 60 s. */
  ready(probeUrl: string): Promise<void>;
  stop(): void;
}

/**
 * `scripts/serve.mjs` in production mode on `port`, against `databaseUrl` (migrated by the caller),
 * with no demo data. The API rate limit would stop a benchmark in its first second; the pool
 * matches the clients so the server's own pool default is not what is measured.
 */
export function startBenchServer(databaseUrl: string, port: number, poolSize: number, env: Record<string, string> = {}): BenchServer {
  const server = spawn(process.execPath, ["scripts/serve.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: String(poolSize), NEXTAUTH_SECRET: randomBytes(32).toString("base64url"), NEXTAUTH_URL: `http://127.0.0.1:${port}`, LOOPLINE_API_RATE_LIMIT: "1000000000", ...env },
    stdio: ["ignore", "ignore", "pipe"], // stdout is a log line per request: dropped, as a production log shipper would not slow the server
  });
  let stderr = "";
  server.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, machine(server.pid!).serverRssKb)), 250);
  return {
    process: server,
    errors: () => stderr,
    peakRssKb: () => peak,
    async ready(probeUrl) {
      const booted = performance.now();
      for (;;) {
        if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}):\n${stderr}`);
        if (performance.now() - booted > 60_000) throw new Error(`the server did not answer in 60 s:\n${stderr}`);
        if (await fetch(probeUrl).then((r) => r.ok, () => false)) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    stop() {
      clearInterval(sampler);
      server.kill("SIGTERM");
    },
  };
}
