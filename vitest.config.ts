import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };
// Webhook receivers in the tests listen on 127.0.0.1 (and worker child processes inherit this).
const env = { LOOPLINE_WEBHOOKS_ALLOW_PRIVATE: "1" };

// Service suites run twice: on embedded PGlite and on the Postgres server, same files.
export default defineConfig({
  resolve: { alias },
  test: {
    // The REST and MCP handlers log one line per request (with its request id); tests make thousands.
    onConsoleLog: (log) => !log.startsWith("[api] ") && !log.startsWith("[mcp] "),
    projects: [
      { resolve: { alias }, test: { name: "domain", env, include: ["tests/domain/**/*.test.ts"] } },
      {
        resolve: { alias },
        test: { name: "pglite", env, include: ["tests/services/**/*.test.ts"], globalSetup: ["tests/support/pgliteSetup.ts"], testTimeout: 60_000, hookTimeout: 60_000 },
      },
      {
        resolve: { alias },
        test: { name: "postgres", env, include: ["tests/services/**/*.test.ts"], globalSetup: ["tests/support/postgresSetup.ts"], testTimeout: 60_000, hookTimeout: 60_000 },
      },
    ],
  },
});
