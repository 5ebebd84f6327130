"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { useAdminOutcome } from "./useAdminSave";

/** Corrects a lot's expiry date, with the reason on the audit trail. */
export function LotExpiry({ sku, lot }: { sku: string; lot: { code: string; expiresOn: string | null } }) {
  const trpc = useTRPC();
  const outcome = useAdminOutcome();
  const correct = useMutation(trpc.admin.setLotExpiry.mutationOptions(outcome.handlers));
  return (
    <span className="inline-flex flex-col">
      <input
        type="date"
        aria-label={`Expiry of lot ${lot.code}`}
        defaultValue={lot.expiresOn ?? ""}
        disabled={correct.isPending}
        onChange={(e) => {
          const expiresOn = e.target.value;
          if (!expiresOn || expiresOn === lot.expiresOn) return;
          const reason = window.prompt(`Why does lot ${lot.code} now expire on ${expiresOn}?`);
          if (reason?.trim()) correct.mutate({ sku, lotCode: lot.code, expiresOn, reason: reason.trim() });
          else e.target.value = lot.expiresOn ?? "";
        }}
        className="rounded border border-slate-300 px-1 py-0.5 text-xs"
      />
      {outcome.error && <span role="alert" className="text-xs text-red-700">{outcome.error}</span>}
    </span>
  );
}
