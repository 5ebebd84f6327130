import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

// Service suites run twice: on embedded PGlite and on the Postgres server, same files.
export default defineConfig({
  resolve: { alias },
  test: {
    // The REST handler logs one line per request (with its request id); tests make thousands.
    onConsoleLog: (log) => !log.startsWith("[api] "),
    projects: [
      { resolve: { alias }, test: { name: "domain", include: ["tests/domain/**/*.test.ts"] } },
      {
        resolve: { alias },
        test: { name: "pglite", include: ["tests/services/**/*.test.ts"], globalSetup: ["tests/support/pgliteSetup.ts"], testTimeout: 60_000, hookTimeout: 60_000 },
      },
      {
        resolve: { alias },
        test: { name: "postgres", include: ["tests/services/**/*.test.ts"], globalSetup: ["tests/support/postgresSetup.ts"], testTimeout: 60_000, hookTimeout: 60_000 },
      },
    ],
  },
});
