"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { humanize } from "../format";
import { useTRPC } from "../trpc";

interface Row {
  id: string;
  number: string;
  status: string;
  orderNumber: string;
  orderId: string;
  channelLabel: string;
  customerName: string;
  skuCount: number;
  units: number;
  received: string;
  requestedService: string | null;
}

const PICKABLE = ["ALLOCATED", "PICKING", "EXCEPTION"];

/** Tick fulfillments (or all allocated ones the filter shows) and generate one pick list for the wave. */
export function WaveBuilder({ rows }: { rows: Row[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const generate = useMutation(
    trpc.fulfillment.generatePickList.mutationOptions({
      onSuccess: () => router.push(`/fulfillment/pick-list?ids=${[...selected].join(",")}`),
      onError: (e) => setError(e.message),
    }),
  );
  const toggle = (id: string) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <button type="button" onClick={() => setSelected(new Set(rows.filter((r) => r.status === "ALLOCATED").map((r) => r.id)))} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">Select all allocated</button>
        <button type="button" disabled={selected.size === 0 || generate.isPending} onClick={() => { setError(null); generate.mutate({ fulfillmentIds: [...selected] }); }} className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-500 disabled:opacity-50">
          Generate pick list{selected.size ? ` (${selected.size})` : ""}
        </button>
        {error && <span role="alert" className="text-red-700">{error}</span>}
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>{["", "Fulfillment", "State", "Order", "Channel", "Customer", "Ship via", "SKUs", "Units", "Received"].map((h) => <th key={h} className="px-3 py-2">{h}</th>)}</tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.id} data-testid="fulfillment-row">
                <td className="px-3 py-2">
                  <input type="checkbox" aria-label={`Select ${r.number}`} disabled={!PICKABLE.includes(r.status)} checked={selected.has(r.id)} onChange={() => toggle(r.id)} />
                </td>
                <td className="px-3 py-2 font-medium"><Link href={`/fulfillment/${r.id}`} className="text-indigo-700 hover:underline">{r.number}</Link></td>
                <td className={`px-3 py-2 ${r.status === "EXCEPTION" ? "font-semibold text-rose-700" : ""}`}>{humanize(r.status)}</td>
                <td className="px-3 py-2"><Link href={`/orders/${r.orderId}`} className="hover:underline">{r.orderNumber}</Link></td>
                <td className="px-3 py-2">{r.channelLabel}</td>
                <td className="px-3 py-2">{r.customerName}</td>
                <td className="px-3 py-2 text-slate-600">{r.requestedService ?? "—"}</td>
                <td className="px-3 py-2 tabular-nums">{r.skuCount}</td>
                <td className="px-3 py-2 tabular-nums">{r.units}</td>
                <td className="px-3 py-2 text-slate-500">{r.received}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
