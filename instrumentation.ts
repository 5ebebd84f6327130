// Runs once when a Next.js server starts: every app instance also delivers outbound webhooks
// (on the embedded database it is the only process that can). LOOPLINE_WORKER=off leaves that
// to `npm run worker`.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.LOOPLINE_WORKER === "off" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { getDb } = await import("./server/db");
  const { startWebhookWorker } = await import("./server/jobs/webhookWorker");
  // One per process, even if dev reloads call this again.
  const holder = globalThis as unknown as { __looplineWorker?: unknown };
  holder.__looplineWorker ??= startWebhookWorker(await getDb());
}
