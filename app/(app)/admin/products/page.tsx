import { LotExpiry } from "@/components/admin/LotExpiry";
import { LotQc } from "@/components/admin/LotQc";
import { ProductForm } from "@/components/admin/ProductForm";
import { formatMoney } from "@/server/domain/money";
import { adminCaller } from "../adminCaller";

export default async function ProductsPage() {
  const { caller } = await adminCaller();
  const products = await caller.admin.products();
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Products and lots</h1>
      {products.map((p) => (
        <details key={p.id} className="rounded-lg border border-slate-200 bg-white" data-testid="product" data-sku={p.sku}>
          <summary className="flex cursor-pointer flex-wrap items-baseline gap-x-3 px-4 py-2 text-sm">
            <span className="font-mono font-medium">{p.sku}</span> <span>{p.name}</span>
            <span className="text-slate-500">{formatMoney(p.unitPriceMinor, p.currency)} · {p.weightGrams} g{p.casePackQty ? ` · case ${p.casePackQty}` : ""}{p.palletQty ? ` · pallet ${p.palletQty}` : ""} · {p.lotTracked ? "lot-tracked" : "untracked"}{p.minShelfLifeDays ? ` · ${p.minShelfLifeDays} d shelf life` : ""}</span>
          </summary>
          <div className="space-y-4 border-t border-slate-100 p-4">
            <ProductForm product={p} />
            {p.lots.length > 0 && (
              <table className="w-full text-sm">
                <thead className="text-left text-xs uppercase tracking-wide text-slate-500"><tr><th>Lot</th><th>Expires</th><th className="text-right">On hand</th><th className="text-right">QC</th></tr></thead>
                <tbody className="divide-y divide-slate-100">
                  {p.lots.map((l) => (
                    <tr key={l.id} data-testid="lot-row" data-lot={l.code}>
                      <td className="py-1 font-mono text-xs">{l.code}</td>
                      <td><LotExpiry sku={p.sku} lot={l} /></td>
                      <td className="text-right tabular-nums">{l.onHand}</td>
                      <td className="text-right"><LotQc sku={p.sku} lot={l} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </details>
      ))}
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 font-semibold">New product</h2>
        <ProductForm />
      </section>
    </div>
  );
}
