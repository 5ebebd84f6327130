import type { Database } from "../../../db/client";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { latestWorkspaceEvent, sessionsStillOnBoard } from "./boardChanges";

// One poller per process and workspace for the board's live feed, however many boards are
// open: it looks for new loop events and fans them out to that workspace's streams, and
// re-checks all their sessions in one query every few seconds. It stops with its last stream.

/** Well inside the board's one-second promise. */
export const POLL_MS = 300;
/** How often a stream's session and role are checked again: a demoted user stops seeing moves within this. */
export const SESSION_CHECK_MS = 2_000;
/** Live boards one user may have open on this process; the next is refused (429). */
export const STREAMS_PER_USER = 5;

export interface BoardFollower {
  userId: string;
  sessionId: string;
  /** New loop events up to `seq`. */
  change(seq: number): void;
  /** The session ended or the user may no longer read the board: the stream closes. */
  end(): void;
}

interface WorkspaceFeed {
  workspaceId: string;
  seq: Promise<number>;
  followers: Set<BoardFollower>;
  timer: ReturnType<typeof setInterval>;
  busy: boolean;
  lastSessionCheck: number;
}

const holder = globalThis as unknown as { __looplineBoardFeeds?: Map<string, WorkspaceFeed> };
const feeds = (holder.__looplineBoardFeeds ??= new Map());

export type FollowBoard = { seq: number; stop(): void } | { refused: string };

/**
 * Adds a stream to its workspace's feed. `resumeFrom` (a reconnecting browser's last seen seq)
 * gets what it missed at once; otherwise the stream starts at the newest event.
 */
export async function followBoard(db: Database, actor: Actor, follower: BoardFollower, resumeFrom: number | null): Promise<FollowBoard> {
  assertCan(actor.role, "board.read");
  const feed = feeds.get(actor.workspaceId) ?? startFeed(db, actor.workspaceId);
  const open = [...feed.followers].filter((f) => f.userId === follower.userId).length;
  if (open >= STREAMS_PER_USER) {
    if (feed.followers.size === 0) stopFeed(feed);
    return { refused: `You already follow the board in ${STREAMS_PER_USER} tabs or windows. Close one of them to follow it here.` };
  }
  feed.followers.add(follower);
  const seq = await feed.seq;
  if (resumeFrom !== null && resumeFrom < seq) follower.change(seq);
  return {
    seq,
    stop() {
      feed.followers.delete(follower);
      if (feed.followers.size === 0) stopFeed(feed);
    },
  };
}

/** Streams open on this process, per workspace: for tests and diagnostics. */
export function boardFeedStats(): { workspaces: number; streams: number } {
  return { workspaces: feeds.size, streams: [...feeds.values()].reduce((n, f) => n + f.followers.size, 0) };
}

function startFeed(db: Database, workspaceId: string): WorkspaceFeed {
  const feed: WorkspaceFeed = {
    workspaceId,
    seq: latestWorkspaceEvent(db, workspaceId, 0).then((s) => s ?? 0),
    followers: new Set(),
    timer: setInterval(() => void tick(db, feed), POLL_MS),
    busy: false,
    lastSessionCheck: Date.now(),
  };
  feed.timer.unref?.();
  feeds.set(workspaceId, feed);
  return feed;
}

function stopFeed(feed: WorkspaceFeed) {
  clearInterval(feed.timer);
  if (feeds.get(feed.workspaceId) === feed) feeds.delete(feed.workspaceId);
}

async function tick(db: Database, feed: WorkspaceFeed) {
  if (feed.busy) return; // a slow database: skip a beat rather than pile up queries
  feed.busy = true;
  try {
    const seq = await feed.seq;
    const latest = await latestWorkspaceEvent(db, feed.workspaceId, seq);
    // Sessions are checked before a change goes out too: the change may be the very role
    // change or sign-out that ends a stream (one transaction), and must not reach it.
    if (latest !== null || Date.now() - feed.lastSessionCheck >= SESSION_CHECK_MS) {
      feed.lastSessionCheck = Date.now();
      const followers = [...feed.followers];
      const live = await sessionsStillOnBoard(db, feed.workspaceId, [...new Set(followers.map((f) => f.sessionId))]);
      for (const f of followers) if (!live.has(f.sessionId)) f.end();
    }
    if (latest !== null) {
      feed.seq = Promise.resolve(latest);
      for (const f of feed.followers) f.change(latest);
    }
  } catch {
    // A failed poll is retried on the next beat; the streams stay open.
  } finally {
    feed.busy = false;
  }
}
