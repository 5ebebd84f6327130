"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { BoardColumn } from "@/server/domain/board";
import type { Board, BoardFilters } from "@/server/services/orders/board";
import { loadTrpcClient } from "../loadTrpcClient";

export type BoardShow = Partial<Record<BoardColumn, number>>;

/**
 * The board's data: the server's render first, then the board query again when asked (a live
 * change, a settled move), when a column is shown longer, and when the tab or the network comes
 * back.
 * The cards on screen stay until the answer arrives. Only the newest request or local change
 * counts: an answer that was on its way before a later one, or before an optimistic move, is
 * dropped rather than shown over it.
 *
 * The board calls the tRPC client directly rather than through React Query: it is the one page
 * whose first load matters at peak (an operator's tablet), and React Query with its tRPC
 * integration is some 12 KiB gzipped of it for what is one query and a handful of commands.
 * The client itself is loaded as soon as the board has hydrated (see loadTrpcClient).
 */
export function useBoardData(initial: Board, filters: BoardFilters, show: BoardShow) {
  const [board, setBoard] = useState(initial);
  const current = useRef(initial);
  const latest = useRef(0);
  const input = useRef({ ...filters, show });
  useEffect(() => {
    input.current = { ...filters, show };
  });

  const refresh = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const { trpcClient } = await loadTrpcClient();
      const fresh = await trpcClient.orders.board.query(input.current);
      if (ticket !== latest.current) return;
      current.current = fresh;
      setBoard(fresh);
    } catch {
      // Kept as it is: the next live change, move or return to the tab asks again.
    }
  }, []);

  /** A change made here (an optimistic move, its rollback): it wins over any answer still on its way. */
  const change = useCallback((update: (board: Board) => Board) => {
    latest.current++;
    current.current = update(current.current);
    setBoard(current.current);
  }, []);

  useEffect(() => {
    void loadTrpcClient();
  }, []);

  const showing = Object.keys(show).length > 0;
  useEffect(() => {
    if (showing) void refresh();
  }, [show, showing, refresh]);

  // As React Query did for it: the tab coming back into view, or the network coming back.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === "visible") void refresh();
    };
    const onOnline = () => void refresh();
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("online", onOnline);
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("online", onOnline);
    };
  }, [refresh]);

  /** The board as it is now, for a move to roll back to. */
  const snapshot = useCallback(() => current.current, []);
  return { board, refresh, change, snapshot };
}
