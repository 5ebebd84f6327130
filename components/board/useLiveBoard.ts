"use client";
import { useEffect, useRef, useState } from "react";

/**
 * Follows the board's live feed (server-sent events from the loop events). While `paused` (a
 * drag or a dialog is open) changes are held back and delivered once, when it resumes, so a
 * card never jumps out from under the operator's hand.
 */
export function useLiveBoard({ paused, onChange }: { paused: boolean; onChange: () => void }) {
  const [connected, setConnected] = useState(false);
  const held = useRef(false);
  const latest = useRef({ paused, onChange });
  useEffect(() => {
    latest.current = { paused, onChange };
  });

  useEffect(() => {
    const feed = new EventSource("/api/board/live");
    feed.addEventListener("ready", () => setConnected(true));
    feed.addEventListener("change", () => {
      if (latest.current.paused) held.current = true;
      else latest.current.onChange();
    });
    feed.onerror = () => setConnected(false);
    return () => feed.close();
  }, []);

  useEffect(() => {
    if (!paused && held.current) {
      held.current = false;
      latest.current.onChange();
    }
  }, [paused]);

  return { connected };
}
