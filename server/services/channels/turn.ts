import type { Database } from "../../../db/client";
import { allocateDueChannelOrders } from "./autoAllocate";
import { processIntakeMessage, unprocessedIntakeMessages } from "./intake";
import { runChannelOutbox } from "./outbox";
import { channelWork } from "./registry";

/**
 * The channels' share of a worker turn: finishes intake messages whose request died after
 * storing them (or whose platform call failed), allocates the new orders of workspaces that
 * auto-allocate, and does the channel work shipments owe.
 * Returns how much it did (0: nothing was due).
 */
export async function channelTurn(db: Database, now: Date): Promise<number> {
  const unprocessed = await unprocessedIntakeMessages(db, now);
  for (const id of unprocessed) {
    // One message that cannot be processed must not hold up the others, nor the outbox.
    await processIntakeMessage(db, id, now).catch((error: unknown) => console.error(`intake message ${id}: processing failed`, error));
  }
  const allocated = await allocateDueChannelOrders(db);
  return unprocessed.length + allocated + (await runChannelOutbox(db, channelWork(), now));
}
