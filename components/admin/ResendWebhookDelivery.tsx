"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { useAdminOutcome } from "./useAdminSave";

/** Sends one delivery again now, with the same webhook-id: the receiver lost it, or it is fixed. */
export function ResendWebhookDelivery({ deliveryId }: { deliveryId: string }) {
  const trpc = useTRPC();
  const outcome = useAdminOutcome();
  const resend = useMutation(trpc.admin.resendWebhookDelivery.mutationOptions(outcome.handlers));
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <button type="button" disabled={resend.isPending} onClick={() => resend.mutate({ deliveryId })} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:bg-slate-50">
        Resend
      </button>
      {resend.isSuccess && <span role="status" className="text-xs text-slate-500">Queued: sent within seconds.</span>}
      {outcome.error && <span role="alert" className="text-xs text-red-700">{outcome.error}</span>}
    </span>
  );
}
