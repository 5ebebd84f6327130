"use client";
import { useMutation } from "@tanstack/react-query";
import { useAdminOutcome } from "../admin/useAdminSave";
import { humanize } from "../format";
import { useTRPC } from "../trpc";
import { IntakeOutcomes } from "./IntakeOutcomes";

/** Runs a message again once its cause is fixed (a SKU mapped), and says what came of it this time. */
export function ReplayIntakeMessage({ messageId }: { messageId: string }) {
  const trpc = useTRPC();
  const outcome = useAdminOutcome();
  const replay = useMutation(trpc.channels.replayIntakeMessage.mutationOptions(outcome.handlers));
  return (
    <div className="space-y-2">
      <button
        type="button"
        disabled={replay.isPending}
        onClick={() => replay.mutate({ messageId })}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-50"
      >
        {replay.isPending ? "Replaying…" : "Replay"}
      </button>
      {outcome.error && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{outcome.error}</p>}
      {replay.data && !replay.isPending && (
        <div role="status" className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" data-testid="replay-result">
          <p className="font-medium">Replayed: {humanize(replay.data.status)}</p>
          <IntakeOutcomes outcomes={replay.data.outcomes} status={replay.data.status} />
        </div>
      )}
    </div>
  );
}
