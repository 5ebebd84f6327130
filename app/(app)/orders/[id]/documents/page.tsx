import Link from "next/link";
import { notFound } from "next/navigation";
import { PrintButton } from "@/components/fulfillment/PrintButton";
import { formatDateTime, humanize } from "@/components/format";
import { domainCodeOf, signedInCaller } from "@/server/api/serverCaller";
import { formatMoney } from "@/server/domain/money";

export default async function OrderDocumentsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { caller, me } = await signedInCaller();
  const docs = await caller.orders.documents({ orderId: id }).catch((e: unknown) => {
    if (domainCodeOf(e) === "NOT_FOUND" || domainCodeOf(e) === "BAD_INPUT") notFound();
    throw e;
  });
  const { order } = docs;
  const shipTo = `${order.shipTo.name}, ${order.shipTo.line1}, ${order.shipTo.city} ${order.shipTo.region} ${order.shipTo.postalCode}`;
  return (
    <div className="space-y-6">
      <div className="no-print flex items-center justify-between">
        <Link href={`/orders/${order.id}`} className="text-sm text-slate-500 hover:text-slate-700">← Order {order.number}</Link>
        <PrintButton />
      </div>
      {docs.packingSlips.length === 0 && docs.invoices.length === 0 && <p className="text-slate-500">No documents yet: a packing slip exists once the order is packed.</p>}

      {docs.packingSlips.map((slip) => (
        <article key={slip.fulfillmentNumber} className="break-after-page space-y-3 rounded-lg border border-slate-200 bg-white p-6" data-testid="packing-slip">
          <header className="flex justify-between">
            <div>
              <h1 className="text-lg font-semibold">Packing slip · {slip.fulfillmentNumber}</h1>
              <p className="text-sm text-slate-600">{docs.workspaceName} · order {order.number}{order.buyerPo ? ` · PO ${order.buyerPo}` : ""}</p>
            </div>
            <p className="text-right text-sm text-slate-600">{slip.packages} package{slip.packages === 1 ? "" : "s"} · {slip.weightGrams} g<br />{slip.shipment ? `Tracking ${slip.shipment.trackingNumber}, dispatched ${formatDateTime(slip.shipment.dispatchedAt, me.workspace.timeZone)}` : humanize(slip.status)}</p>
          </header>
          <p className="text-sm">Ship to: {shipTo}</p>
          <table className="w-full text-sm">
            <thead className="border-b text-left text-xs uppercase tracking-wide text-slate-500"><tr><th className="py-1">SKU</th><th>Product</th><th>Lots</th><th className="text-right">Quantity</th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {slip.lines.map((l) => (
                <tr key={l.lineNo}>
                  <td className="py-1 font-mono text-xs">{l.sku}</td>
                  <td>{l.name}</td>
                  <td className="text-xs">{l.lots.map((lot) => `${lot.lotCode}${lot.expiresOn ? ` (exp. ${lot.expiresOn})` : ""}`).join(", ")}</td>
                  <td className="text-right tabular-nums">{l.quantity}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </article>
      ))}

      {docs.invoices.map((invoice) => (
        <article key={invoice.number} className="break-after-page space-y-3 rounded-lg border border-slate-200 bg-white p-6" data-testid="invoice">
          <header className="flex justify-between">
            <div>
              <h1 className="text-lg font-semibold">Invoice {invoice.number}</h1>
              <p className="text-sm text-slate-600">{docs.workspaceName} to {order.accountName ?? order.customerName}</p>
            </div>
            <p className="text-right text-sm text-slate-600">Issued {invoice.issuedOn} · due {invoice.dueOn}<br />{order.paymentTerms ? humanize(order.paymentTerms) : ""}{order.buyerPo ? ` · PO ${order.buyerPo}` : ""}</p>
          </header>
          <p className="text-sm">For order {order.number}, shipment {invoice.trackingNumber}, delivered to {shipTo}</p>
          <table className="w-full text-sm">
            <thead className="border-b text-left text-xs uppercase tracking-wide text-slate-500"><tr><th className="py-1">SKU</th><th>Product</th><th className="text-right">Quantity</th><th className="text-right">Unit price</th><th className="text-right">Amount</th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {invoice.lines.map((l) => (
                <tr key={l.sku}>
                  <td className="py-1 font-mono text-xs">{l.sku}</td>
                  <td>{l.name}</td>
                  <td className="text-right tabular-nums">{l.quantity}</td>
                  <td className="text-right tabular-nums">{formatMoney(l.unitPriceMinor, invoice.currency)}</td>
                  <td className="text-right tabular-nums">{formatMoney(l.amountMinor, invoice.currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot><tr className="border-t font-semibold"><td colSpan={4} className="py-1 text-right">Total due</td><td className="text-right tabular-nums" data-testid="invoice-total">{formatMoney(invoice.amountMinor, invoice.currency)}</td></tr></tfoot>
          </table>
        </article>
      ))}
    </div>
  );
}
