"use client";
import { useCallback, useState } from "react";

export interface Toast { id: number; tone: "ok" | "error"; text: string }

let nextId = 1;

/** Short messages after a move: what happened, or why it did not. Errors stay until dismissed. */
export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const notify = useCallback(
    (tone: Toast["tone"], text: string) => {
      const id = nextId++;
      setToasts((all) => [...all.slice(-3), { id, tone, text }]);
      if (tone === "ok") setTimeout(() => dismiss(id), 5000);
    },
    [dismiss],
  );
  return { toasts, notify, dismiss };
}

export function Toasts({ toasts, dismiss }: { toasts: Toast[]; dismiss: (id: number) => void }) {
  return (
    <div className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-[min(28rem,calc(100vw-2rem))] flex-col gap-2">
      {toasts.map((t) => (
        <div
          key={t.id}
          role={t.tone === "error" ? "alert" : "status"}
          data-testid="toast"
          className={`pointer-events-auto flex items-start gap-3 rounded-md px-3 py-2 text-sm shadow-lg ${t.tone === "error" ? "bg-rose-700 text-white" : "bg-slate-900 text-white"}`}
        >
          <span className="flex-1">{t.text}</span>
          <button type="button" onClick={() => dismiss(t.id)} className="text-white/70 hover:text-white" aria-label="Dismiss">×</button>
        </div>
      ))}
    </div>
  );
}
