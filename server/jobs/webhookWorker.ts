import type { Database } from "../../db/client";
import { deliverDueWebhooks } from "../services/webhooks/deliver";
import { dispatchLoopEvents } from "../services/webhooks/dispatch";
import { channelTurn } from "../services/channels/turn";

/** How long an idle worker waits before looking again; a busy one does not wait. */
const IDLE_MS = 500;

export interface RunningWorker {
  /** Finishes the turn in progress (its attempts are recorded), then stops. */
  stop(): Promise<void>;
}

/**
 * The outbound worker: turns committed events into webhook deliveries and sends what is due,
 * finishes channel messages a crash left unprocessed and sends channels what shipments owe them,
 * over and over. Any number may run against one Postgres (inside each app instance, or as
 * `npm run worker`): the dispatch cursor and the deliveries are taken with row locks.
 */
export function startWebhookWorker(db: Database, log: Pick<Console, "error"> = console): RunningWorker {
  let running = true;
  let wake: (() => void) | null = null;
  const pause = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => { clearTimeout(timer); resolve(); };
  });
  const loop = (async () => {
    while (running) {
      try {
        const now = new Date();
        const { read } = await dispatchLoopEvents(db, now);
        const sent = await deliverDueWebhooks(db, { now });
        const channel = await channelTurn(db, now);
        if (read === 0 && sent === 0 && channel === 0) await pause(IDLE_MS);
      } catch (error) {
        // A lost connection or a restarting database: try again shortly, never die.
        log.error("webhook worker turn failed", error);
        await pause(IDLE_MS * 10);
      }
    }
  })();
  return {
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
