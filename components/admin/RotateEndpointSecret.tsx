"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { formatDateTime } from "../format";
import { useTRPC } from "../trpc";
import { SecretReveal } from "./SecretReveal";

/** A new signing secret for an endpoint, shown once; the old one keeps signing beside it for 24 hours. */
export function RotateEndpointSecret({ endpointId, timeZone }: { endpointId: string; timeZone: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const rotate = useMutation(trpc.admin.rotateWebhookEndpointSecret.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">
        Every delivery is signed with the endpoint&apos;s secret. After a rotation the old secret signs too, for 24 hours, so the receiver can switch without missing a delivery.
      </p>
      <button
        type="button"
        disabled={rotate.isPending}
        onClick={() => window.confirm("Rotate the signing secret? The old one keeps signing for 24 hours.") && rotate.mutate({ endpointId })}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50"
      >
        Rotate secret
      </button>
      {rotate.data && (
        <SecretReveal secret={rotate.data.secret}>
          <p className="text-amber-900" data-testid="previous-secret-expiry">The old secret keeps signing until {formatDateTime(rotate.data.previousSecretExpiresAt, timeZone)}.</p>
        </SecretReveal>
      )}
      {rotate.error && <p role="alert" className="text-sm text-red-700">{rotate.error.message}</p>}
    </div>
  );
}
