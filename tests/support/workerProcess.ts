import { spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface WorkerProcess {
  pid: number;
  /** What it printed so far (stdout and stderr), for a failing test's message. */
  readonly output: string;
  /** Sends `signal` and waits until the process is gone. */
  stop(signal: "SIGKILL" | "SIGTERM"): Promise<void>;
}

/**
 * `npm run worker` (server/jobs/run.ts) as a child process on `databaseUrl`, resolved once it
 * says it is running. Started as `node --import tsx`, not through node_modules/.bin/tsx: that
 * launcher runs the script in a second process, which a SIGKILL to the launcher leaves running.
 */
export async function startWorkerProcess(databaseUrl: string): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/jobs/run.ts"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not start within 20 s:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("webhook worker running")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the worker exited before it started:\n${output}`));
    });
  });
  return {
    pid: child.pid!,
    get output() {
      return output;
    },
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
