// Where a benchmark's CPU goes on this small shared box: Node's own (process.cpuUsage) and the
// Postgres backends serving one database, read from /proc. Backends are told apart by their
// process title (`postgres: 15/main: postgres loopline_bench idle`), so other databases on the
// same server (another engineer's bench, the pgbench baseline) do not count; the server's shared
// processes (WAL writer, checkpointer) count for nobody.
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU ms so far of every process whose title (cmdline) passes `match`, by pid. */
function cpuByPid(match: (title: string[]) => boolean): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ").trim().split(/\s+/);
      if (!match(title)) continue;
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ");
      found.set(Number(entry), (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      // the process ended between listing and reading
    }
  }
  return found;
}

export const backendsOf = (database: string) => (title: string[]) => title[0] === "postgres:" && title.includes(database);

/**
 * CPU used by matching processes from `start` on. A process that starts later counts from zero;
 * one that ends counts what it had used when last sampled, so `sample` every so often while
 * processes come and go (pgbench's connections), or only at the ends when they stay (a pool).
 */
export class CpuMeter {
  private readonly baseline: Map<number, number>;
  private readonly last = new Map<number, number>();
  constructor(private readonly match: (title: string[]) => boolean) {
    this.baseline = cpuByPid(match);
  }
  sample(): void {
    for (const [pid, ms] of cpuByPid(this.match)) this.last.set(pid, ms);
  }
  /** CPU ms since the meter was made, sampling once more now. */
  usedMs(): number {
    this.sample();
    let total = 0;
    for (const [pid, ms] of this.last) total += ms - (this.baseline.get(pid) ?? 0);
    return total;
  }
}

/** Node's CPU ms (user + system) since `since` (a process.cpuUsage() reading). */
export function nodeCpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

export function rssMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}
