"use client";
import { useMutation } from "@tanstack/react-query";
import { instantOfWallTime } from "@/server/domain/dates";
import { Field, input } from "../forms";
import { useTRPC } from "../trpc";
import { useAdminOutcome } from "./useAdminSave";

/**
 * Queues again every subscribed event since a time, read in the workspace's time zone: what an
 * endpoint missed while it was down or disabled, or from before it existed. Receivers deduplicate
 * by `webhook-id`, so events it already has do no harm.
 */
export function ReplayWebhookEvents({ endpointId, timeZone, defaultSince }: { endpointId: string; timeZone: string; defaultSince: string }) {
  const trpc = useTRPC();
  const outcome = useAdminOutcome();
  const replay = useMutation(trpc.admin.replayWebhookEvents.mutationOptions(outcome.handlers));
  return (
    <form
      aria-label="Replay events"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        const typed = String(new FormData(e.currentTarget).get("since") ?? "");
        const since = instantOfWallTime(typed, timeZone);
        // Not a time: sent as typed, so the server names the field.
        replay.mutate({ endpointId, since: Number.isNaN(since.getTime()) ? typed : since });
      }}
    >
      <Field label={`Replay events since (${timeZone})`} error={outcome.issues.since}>
        <input name="since" type="datetime-local" defaultValue={defaultSince} className={input} />
      </Field>
      <button disabled={replay.isPending} className="mb-px rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50">Replay</button>
      {replay.data && !replay.isPending && (
        <p role="status" className="mb-2 text-sm text-emerald-800">
          {replay.data.events === 1 ? "1 event" : `${replay.data.events.toLocaleString("en-US")} events`} queued to be sent again.
        </p>
      )}
      {outcome.error && !outcome.issues.since && <p role="alert" className="text-sm text-red-700">{outcome.error}</p>}
    </form>
  );
}
