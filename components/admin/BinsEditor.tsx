"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { useAdminOutcome } from "./useAdminSave";

interface Bin { id: string; code: string; zone: string; pickSequence: number; units: number }

const cell = "w-full rounded border border-slate-300 px-2 py-1 text-sm";

/** A warehouse's bins in walking order: change code, zone or pick sequence, add one, delete an empty one. */
export function BinsEditor({ warehouseCode, bins }: { warehouseCode: string; bins: Bin[] }) {
  return (
    <table className="w-full text-sm" data-testid={`bins-${warehouseCode}`}>
      <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
        <tr><th className="px-2 py-1">Bin</th><th className="px-2 py-1">Zone</th><th className="px-2 py-1">Pick sequence</th><th className="px-2 py-1 text-right">Units</th><th /></tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {bins.map((b) => <BinRow key={b.id} warehouseCode={warehouseCode} bin={b} />)}
        <BinRow key={`new-${bins.length}`} warehouseCode={warehouseCode} />
      </tbody>
    </table>
  );
}

function BinRow({ warehouseCode, bin }: { warehouseCode: string; bin?: Bin }) {
  const trpc = useTRPC();
  const outcome = useAdminOutcome();
  const { issues, error } = outcome;
  const save = useMutation(trpc.admin.saveBin.mutationOptions(outcome.handlers));
  const remove = useMutation(trpc.admin.deleteBin.mutationOptions(outcome.handlers));
  const form = `bin-${bin?.id ?? `new-${warehouseCode}`}`;
  const label = bin ? `bin ${bin.code}` : "new bin";
  return (
    <tr data-testid="bin-row" data-bin={bin?.code ?? "new"}>
      <td className="px-2 py-1 align-top">
        <form
          id={form}
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const sequence = String(f.get("pickSequence") ?? "").trim();
            save.mutate({ ...(bin ? { binId: bin.id } : {}), warehouseCode, code: String(f.get("code") ?? ""), zone: String(f.get("zone") ?? ""), pickSequence: sequence === "" ? Number.NaN : Number(sequence) });
          }}
        />
        <input form={form} name="code" defaultValue={bin?.code} placeholder="BIN-A1-01" aria-label={`Code of ${label}`} className={cell} />
        {issues.code && <p className="text-xs text-red-700">{issues.code}</p>}
      </td>
      <td className="px-2 py-1 align-top">
        <input form={form} name="zone" defaultValue={bin?.zone} aria-label={`Zone of ${label}`} className={cell} />
        {issues.zone && <p className="text-xs text-red-700">{issues.zone}</p>}
      </td>
      <td className="px-2 py-1 align-top">
        <input form={form} name="pickSequence" defaultValue={bin?.pickSequence} inputMode="numeric" aria-label={`Pick sequence of ${label}`} className={cell} />
        {issues.pickSequence && <p className="text-xs text-red-700">{issues.pickSequence}</p>}
      </td>
      <td className="px-2 py-1 text-right align-top tabular-nums">{bin ? bin.units : ""}</td>
      <td className="whitespace-nowrap px-2 py-1 text-right align-top">
        <button form={form} disabled={save.isPending} className="rounded px-2 py-1 text-indigo-700 hover:bg-indigo-50">{bin ? "Save" : "Add bin"}</button>
        {bin && (
          <button type="button" disabled={remove.isPending} onClick={() => window.confirm(`Delete bin ${bin.code}?`) && remove.mutate({ binId: bin.id })} className="rounded px-2 py-1 text-rose-700 hover:bg-rose-50">
            Delete
          </button>
        )}
        {error && Object.keys(issues).length === 0 && <p role="alert" className="max-w-xs whitespace-normal text-left text-xs text-red-700">{error}</p>}
      </td>
    </tr>
  );
}
