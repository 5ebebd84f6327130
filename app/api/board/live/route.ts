import { currentActor } from "@/server/auth/actor";
import { getDb } from "@/server/db";
import { can } from "@/server/domain/permissions";
import { latestBoardChange } from "@/server/services/orders/boardChanges";

export const dynamic = "force-dynamic";

/** How often the feed looks for new loop events: well inside the board's one-second promise. */
const POLL_MS = 300;
const HEARTBEAT_MS = 15_000;

/**
 * The board's live feed (server-sent events): one `change` message, with the newest event's
 * seq as its id, whenever loop events were written in the workspace. A reconnecting browser
 * sends Last-Event-ID and gets at once what it missed.
 */
export async function GET(request: Request) {
  const db = await getDb();
  const actor = await currentActor(db);
  if (!actor) return new Response("Sign in to follow the board.", { status: 401 });
  if (!can(actor.role, "board.read")) return new Response("Only staff follow the board.", { status: 403 });

  const resumeFrom = Number(request.headers.get("last-event-id"));
  let seq = Number.isSafeInteger(resumeFrom) && resumeFrom > 0 ? resumeFrom : ((await latestBoardChange(db, actor, 0)) ?? 0);
  const encoder = new TextEncoder();
  let open = true;
  const stillOpen = () => open && !request.signal.aborted;

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => controller.enqueue(encoder.encode(text));
      send(`retry: 1000\nid: ${seq}\nevent: ready\ndata: ${seq}\n\n`);
      let sinceHeartbeat = 0;
      while (stillOpen()) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const latest = await latestBoardChange(db, actor, seq).catch(() => null);
        if (!stillOpen()) break;
        if (latest !== null) {
          seq = latest;
          send(`id: ${seq}\nevent: change\ndata: ${seq}\n\n`);
          sinceHeartbeat = 0;
        } else if ((sinceHeartbeat += POLL_MS) >= HEARTBEAT_MS) {
          send(": still here\n\n");
          sinceHeartbeat = 0;
        }
      }
      controller.close();
    },
    cancel() {
      open = false;
    },
  });
  return new Response(stream, { headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive" } });
}
