"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { SecretReveal } from "./SecretReveal";

/** Replaces the carrier's webhook secret; the new one is shown once and the old one stops working. */
export function RotateSecret({ carrierId }: { carrierId: string }) {
  const trpc = useTRPC();
  const rotate = useMutation(trpc.admin.rotateWebhookSecret.mutationOptions());
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">The secret signs this carrier&apos;s tracking webhooks. It is stored, never shown again after it is made.</p>
      <button
        type="button"
        disabled={rotate.isPending}
        onClick={() => window.confirm("Rotate the webhook secret? The current one stops working at once.") && rotate.mutate({ carrierId })}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50"
      >
        Rotate webhook secret
      </button>
      {rotate.data && <SecretReveal secret={rotate.data.webhookSecret} />}
      {rotate.error && <p role="alert" className="text-sm text-red-700">{rotate.error.message}</p>}
    </div>
  );
}
