import Link from "next/link";
import { notFound } from "next/navigation";
import { PickLineActions } from "@/components/fulfillment/PickLineActions";
import { PrintButton } from "@/components/fulfillment/PrintButton";
import { formatDateTime } from "@/components/format";
import { domainCodeOf, signedInCaller } from "@/server/api/serverCaller";

export default async function PickListPage({ searchParams }: { searchParams: Promise<{ ids?: string }> }) {
  const { ids = "" } = await searchParams;
  const { caller, me } = await signedInCaller();
  const fulfillmentIds = ids.split(",").filter(Boolean);
  const lines = await caller.fulfillment.pickList({ fulfillmentIds }).catch((e: unknown) => {
    const code = domainCodeOf(e);
    if (code === "FORBIDDEN" || code === "BAD_INPUT") notFound();
    throw e;
  });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <Link href="/fulfillment" className="no-print text-sm text-slate-500 hover:text-slate-700">← Fulfillment queue</Link>
          <h1 className="text-xl font-semibold">Pick list</h1>
          <p className="text-sm text-slate-500">
            {fulfillmentIds.length} fulfillment{fulfillmentIds.length === 1 ? "" : "s"} · {lines.length} open lines · in walking order · printed {formatDateTime(new Date(), me.workspace.timeZone)}
          </p>
        </div>
        <PrintButton />
      </div>
      {lines.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="pick-list-done">Everything on this list is picked.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>{["Bin", "SKU", "Description", "Lot", "Expires", "Qty", "Fulfillment", ""].map((h) => <th key={h} className="px-3 py-2">{h}</th>)}</tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {lines.map((l) => (
                <tr key={l.reservationId} data-testid="pick-line">
                  <td className="px-3 py-2 font-mono text-xs font-semibold">{l.binCode}</td>
                  <td className="px-3 py-2 font-mono text-xs">{l.sku}</td>
                  <td className="px-3 py-2">{l.description}</td>
                  <td className="px-3 py-2 font-mono text-xs">{l.lotCode}</td>
                  <td className="px-3 py-2">{l.expiresOn ?? "—"}</td>
                  <td className="px-3 py-2 text-base font-semibold tabular-nums">{l.quantity}</td>
                  <td className="px-3 py-2 text-xs text-slate-500">{l.fulfillmentNumber}</td>
                  <td className="no-print px-3 py-2">
                    <PickLineActions line={{ fulfillmentId: l.fulfillmentId, version: l.fulfillmentVersion, reservationId: l.reservationId, lotCode: l.lotCode, binCode: l.binCode, quantity: l.quantity }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
