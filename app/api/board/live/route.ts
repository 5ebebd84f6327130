import { guardedRoute } from "@/server/api/unexpectedError";
import { currentSessionRef } from "@/server/auth/actor";
import { getDb } from "@/server/db";
import { can } from "@/server/domain/permissions";
import { decodeBoardCursor, encodeBoardCursor } from "@/server/services/orders/boardCursor";
import { followBoard } from "@/server/services/orders/boardFeed";
import { actorForSession } from "@/server/services/sessions/userSessions";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;

/**
 * The board's live feed (server-sent events): one `change` message whenever loop events were
 * written in the workspace, its id an opaque cursor. A reconnecting browser sends
 * Last-Event-ID and gets at once what it missed. The stream closes when its session ends or
 * its user may no longer read the board.
 */
export const GET = guardedRoute(async (request: Request) => {
  const db = await getDb();
  const session = await currentSessionRef();
  const actor = session && (await actorForSession(db, session));
  if (!session || !actor) return new Response("Sign in to follow the board.", { status: 401 });
  if (!can(actor.role, "board.read")) return new Response("Only staff follow the board.", { status: 403 });

  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let stop = () => {};
  let closed = false;
  const send = (text: string) => {
    if (!closed) controller?.enqueue(encoder.encode(text));
  };
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    stop();
    try {
      controller?.close();
    } catch {
      // already closed by the client going away
    }
  };
  const cursor = (seq: number) => encodeBoardCursor(actor.workspaceId, seq);

  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel: close,
  });
  const follow = await followBoard(
    db,
    actor,
    { userId: session.userId, sessionId: session.sessionId, change: (seq) => send(`id: ${cursor(seq)}\nevent: change\ndata: change\n\n`), end: close },
    decodeBoardCursor(actor.workspaceId, request.headers.get("last-event-id")),
  );
  if ("refused" in follow) return new Response(follow.refused, { status: 429 });
  stop = follow.stop;
  request.signal.addEventListener("abort", close);
  send(`retry: 1000\nid: ${cursor(follow.seq)}\nevent: ready\ndata: ready\n\n`);
  heartbeat = setInterval(() => send(": still here\n\n"), HEARTBEAT_MS);
  return new Response(stream, { headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive" } });
});
