"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useAdminOutcome } from "../admin/useAdminSave";
import { humanize } from "../format";
import { useTRPC } from "../trpc";
import { IntakeOutcomes } from "./IntakeOutcomes";

/** An 850 interchange from this partner, pasted or picked from a file: each PO becomes an order or a reason why not, and a 997 is made. */
export function UploadInterchange({ connectionId }: { connectionId: string }) {
  const trpc = useTRPC();
  const outcome = useAdminOutcome();
  const [interchange, setInterchange] = useState("");
  const receive = useMutation(trpc.channels.receiveInterchange.mutationOptions(outcome.handlers));
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        receive.mutate({ connectionId, interchange });
      }}
    >
      <label className="block text-sm font-medium" htmlFor="interchange">X12 interchange (850)</label>
      <input
        type="file"
        accept=".edi,.x12,.txt,text/plain"
        aria-label="Pick an X12 file"
        className="block text-sm"
        onChange={async (e) => setInterchange((await e.target.files?.[0]?.text()) ?? "")}
      />
      <textarea id="interchange" value={interchange} onChange={(e) => setInterchange(e.target.value)} rows={6} placeholder="ISA*00*…" className="w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs" />
      {outcome.issues.interchange && <p role="alert" className="text-sm text-red-700">{outcome.issues.interchange}</p>}
      {outcome.error && !outcome.issues.interchange && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{outcome.error}</p>}
      <button type="submit" disabled={receive.isPending || !interchange.trim()} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50">
        {receive.isPending ? "Reading…" : "Receive interchange"}
      </button>
      {receive.data && !receive.isPending && (
        <div role="status" data-testid="interchange-result" className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
          <p className="font-medium">{receive.data.duplicate ? "Already received: nothing new was made." : `Received: ${humanize(receive.data.status)}`}</p>
          <IntakeOutcomes outcomes={receive.data.outcomes} status={receive.data.status} />
        </div>
      )}
    </form>
  );
}
