import Link from "next/link";
import { notFound } from "next/navigation";
import { eventTitle, formatDateTime, humanize } from "@/components/format";
import { FulfillmentActions } from "@/components/fulfillment/FulfillmentActions";
import { domainCodeOf, signedInCaller } from "@/server/api/serverCaller";
import { formatMoney } from "@/server/domain/money";
import { trackingUrl } from "@/server/domain/shipping";

export default async function FulfillmentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { caller, me } = await signedInCaller();
  const f = await caller.fulfillment.byId({ fulfillmentId: id }).catch((e: unknown) => {
    const code = domainCodeOf(e);
    if (code === "NOT_FOUND" || code === "BAD_INPUT" || code === "FORBIDDEN") notFound();
    throw e;
  });
  const options = f.status === "PACKED" ? await caller.fulfillment.shippingOptions() : [];
  const tz = me.workspace.timeZone;
  return (
    <div className="space-y-6">
      <div>
        <Link href="/fulfillment" className="text-sm text-slate-500 hover:text-slate-700">← Fulfillment queue</Link>
        <h1 className="mt-1 flex items-center gap-3 text-2xl font-semibold">
          <span>{f.number}</span>
          <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${f.status === "EXCEPTION" ? "bg-rose-100 text-rose-800" : "bg-slate-100 text-slate-700"}`} data-testid="fulfillment-status">{humanize(f.status)}</span>
        </h1>
        <p className="text-sm text-slate-600">Order <Link href={`/orders/${f.orderId}`} className="text-indigo-700">{f.orderNumber}</Link> · to {f.shipTo.name}, {f.shipTo.city} {f.shipTo.region} {f.shipTo.postalCode}</p>
      </div>

      <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm">
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>{["SKU", "Product", "Quantity", "Picked", "Shipped"].map((h) => <th key={h} className="px-3 py-2">{h}</th>)}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {f.lines.map((l) => (
            <tr key={l.id}>
              <td className="px-3 py-2 font-mono text-xs">{l.sku}</td>
              <td className="px-3 py-2">{l.name}</td>
              <td className="px-3 py-2 tabular-nums">{l.quantity}</td>
              <td className="px-3 py-2 tabular-nums">{l.pickedQty}</td>
              <td className="px-3 py-2 tabular-nums">{l.shippedQty}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {f.openPicks.length > 0 && ["PICKING", "EXCEPTION"].includes(f.status) && (
        <p className="text-sm"><Link href={`/fulfillment/pick-list?ids=${f.id}`} className="text-indigo-700 hover:underline">Open the pick list ({f.openPicks.length} lines left)</Link></p>
      )}

      {f.shipment && (
        <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="shipment">
          <h2 className="mb-1 font-semibold">Shipment</h2>
          <p>
            {f.shipment.serviceName} ·{" "}
            <a href={trackingUrl(f.shipment.trackingUrlTemplate, f.shipment.shipment.trackingNumber)} className="font-mono text-indigo-700" target="_blank" rel="noreferrer">{f.shipment.shipment.trackingNumber}</a>{" "}
            · {formatMoney(f.shipment.shipment.costMinor, f.shipment.shipment.currency)} (zone {f.shipment.shipment.zone}, {f.shipment.shipment.weightGrams} g)
          </p>
          <p className="text-slate-600">
            Dispatched {formatDateTime(f.shipment.shipment.dispatchedAt, tz)} · estimated delivery {f.shipment.shipment.estimatedDeliveryOn} · {humanize(f.shipment.shipment.status)}
            {f.shipment.shipment.deliveredAt && ` · delivered ${formatDateTime(f.shipment.shipment.deliveredAt, tz)}${f.shipment.shipment.proof?.signer ? `, signed by ${f.shipment.shipment.proof.signer}` : ""}`}
          </p>
        </section>
      )}

      {f.picked.length > 0 && (
        <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="stock-taken">
          <h2 className="mb-1 font-semibold">{f.shipment ? "Inventory updated" : "Picked from"}</h2>
          <ul className="space-y-0.5">
            {f.picked.map((p) => (
              <li key={p.id}>
                <span className="font-mono text-xs">{p.sku}</span> · {p.quantity} from lot {p.lotCode} in {p.binCode}
                <span className="text-slate-500"> · {p.onHandNow} on hand there now</span>
              </li>
            ))}
          </ul>
          {f.status === "CLOSED" && <p className="mt-2 font-medium text-emerald-700">Delivered · loop closed</p>}
        </section>
      )}

      <FulfillmentActions fulfillment={{ id: f.id, version: f.version, status: f.status, openPicks: f.openPicks.length, requestedMethod: f.requestedMethod }} shippingOptions={options} />

      <section>
        <h2 className="mb-2 font-semibold">Timeline</h2>
        <ol className="space-y-2 border-l border-slate-200 pl-4 text-sm">
          {f.timeline.map((e) => (
            <li key={e.id} data-testid="fulfillment-event">
              <span className="font-medium">{eventTitle(e)}</span> <time className="text-slate-500">{formatDateTime(e.occurredAt, tz)}</time> <span className="text-slate-500">· {e.actorLabel}</span>
              <div className="font-mono text-xs text-slate-400">{e.type}</div>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
