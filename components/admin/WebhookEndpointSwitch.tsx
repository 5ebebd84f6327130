"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { useAdminOutcome } from "./useAdminSave";

/**
 * Switches an endpoint off (nothing is sent; events still queue for it only by a replay) or on
 * again. Enabling one the system disabled clears its reason and failing streak.
 */
export function WebhookEndpointSwitch({ endpointId, enabled }: { endpointId: string; enabled: boolean }) {
  const trpc = useTRPC();
  const outcome = useAdminOutcome();
  const update = useMutation(trpc.admin.updateWebhookEndpoint.mutationOptions(outcome.handlers));
  return (
    <span className="inline-flex flex-col gap-1">
      <button
        type="button"
        disabled={update.isPending}
        onClick={() => (enabled ? window.confirm("Disable this endpoint? Nothing is sent to it until it is enabled again.") : true) && update.mutate({ endpointId, enabled: !enabled })}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50"
      >
        {enabled ? "Disable endpoint" : "Enable endpoint"}
      </button>
      {outcome.error && <span role="alert" className="text-xs text-red-700">{outcome.error}</span>}
    </span>
  );
}
