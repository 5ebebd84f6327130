import { notFound } from "next/navigation";
import { humanize } from "@/components/format";
import { ReceiveForm } from "@/components/inventory/ReceiveForm";
import { domainCodeOf, signedInCaller } from "@/server/api/serverCaller";

export default async function InventoryPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { q } = await searchParams;
  const { caller } = await signedInCaller();
  const positions = await caller.inventory.positions({ search: q || undefined }).catch((e: unknown) => {
    if (domainCodeOf(e) === "FORBIDDEN") notFound();
    throw e;
  });
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Inventory</h1>
      <ReceiveForm />
      <form action="/inventory" className="flex gap-2 text-sm">
        <input name="q" defaultValue={q ?? ""} placeholder="SKU, lot or bin" aria-label="Search positions" className="rounded-md border border-slate-300 px-3 py-1.5" />
        <button className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">Search</button>
      </form>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>{["SKU", "Product", "Lot", "Expires", "QC", "Warehouse", "Bin", "On hand", "Reserved", "Available"].map((h) => <th key={h} className="px-3 py-2">{h}</th>)}</tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {positions.map((p) => (
              <tr key={p.id} data-testid="position-row">
                <td className="px-3 py-2 font-mono text-xs">{p.sku}</td>
                <td className="px-3 py-2">{p.productName}</td>
                <td className="px-3 py-2 font-mono text-xs">{p.lotCode}</td>
                <td className="px-3 py-2">{p.expiresOn ?? "—"}</td>
                <td className={`px-3 py-2 ${p.qcStatus === "RELEASED" ? "text-emerald-700" : "font-medium text-rose-700"}`}>{humanize(p.qcStatus)}</td>
                <td className="px-3 py-2">{p.warehouseCode}</td>
                <td className="px-3 py-2 font-mono text-xs">{p.binCode}</td>
                <td className="px-3 py-2 tabular-nums">{p.onHand}</td>
                <td className="px-3 py-2 tabular-nums">{p.reserved}</td>
                <td className="px-3 py-2 tabular-nums font-medium">{p.onHand - p.reserved}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
