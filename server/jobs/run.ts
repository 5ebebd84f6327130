// `npm run worker`: the webhook worker on its own, for deployments that keep workers apart from
// the web servers. Every app server runs one too (instrumentation.ts) unless LOOPLINE_WORKER=off.
import { openDatabase } from "../../db/client";
import { startWebhookWorker } from "./webhookWorker";

if (!process.env.DATABASE_URL) {
  // A second process cannot open the embedded database's folder: there the app runs the worker.
  console.error("npm run worker needs DATABASE_URL (Postgres); on the embedded database the app server runs the worker itself.");
  process.exit(1);
}
const handle = await openDatabase();
const worker = startWebhookWorker(handle.db);
console.log("webhook worker running");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await worker.stop();
    await handle.close();
  });
}
