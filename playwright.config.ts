import { defineConfig } from "@playwright/test";

// Overridable so that two checkouts on one machine can run their browser suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/loopline_e2e";

// The app under test runs as a production build on the Postgres server, so that tests can
// check the database while the app holds its own connection (PGlite allows one process).
export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    command: `tsx tests/e2e/prepareDatabase.ts && next build && node scripts/serve.mjs -p ${PORT}`,
    url: `http://127.0.0.1:${PORT}/signin`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      DATABASE_URL: E2E_DATABASE_URL,
      NEXTAUTH_SECRET: "e2e-only-secret",
      NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
      // The webhook tests' receiver listens on 127.0.0.1 in the test process. A production server
      // refuses to subscribe or deliver to loopback and private addresses (SSRF) unless told otherwise.
      LOOPLINE_WEBHOOKS_ALLOW_PRIVATE: "1",
    },
  },
});
