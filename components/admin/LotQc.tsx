"use client";
import { useMutation } from "@tanstack/react-query";
import { QC_STATUSES, type QcStatus } from "@/server/domain/lots";
import { humanize } from "../format";
import { useTRPC } from "../trpc";
import { useAdminOutcome } from "./useAdminSave";

/** A lot's QC decision: it counts at once for allocation and picking. A reason is required. */
export function LotQc({ sku, lot }: { sku: string; lot: { code: string; qcStatus: QcStatus } }) {
  const trpc = useTRPC();
  const outcome = useAdminOutcome();
  const change = useMutation(trpc.inventory.setLotQcStatus.mutationOptions(outcome.handlers));
  return (
    <span className="inline-flex flex-col">
      <select
        aria-label={`QC status of lot ${lot.code}`}
        value={lot.qcStatus}
        disabled={change.isPending}
        onChange={(e) => {
          const reason = window.prompt(`Why does lot ${lot.code} become ${humanize(e.target.value)}?`);
          if (reason?.trim()) change.mutate({ sku, lotCode: lot.code, qcStatus: e.target.value as QcStatus, reason: reason.trim() });
        }}
        className="rounded border border-slate-300 px-1 py-0.5 text-xs"
      >
        {QC_STATUSES.map((s) => <option key={s} value={s}>{humanize(s)}</option>)}
      </select>
      {outcome.error && <span role="alert" className="text-xs text-red-700">{outcome.error}</span>}
    </span>
  );
}
