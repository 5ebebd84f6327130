import Link from "next/link";
import { notFound } from "next/navigation";
import { eventTitle, formatDateTime, humanize } from "@/components/format";
import { CHANNEL_LABELS } from "@/server/domain/commercial";
import { OrderActions } from "@/components/orders/OrderActions";
import { StatusBadge } from "@/components/StatusBadge";
import { domainCodeOf, signedInCaller } from "@/server/api/serverCaller";
import type { FulfillmentState } from "@/server/domain/fulfillmentLoop";
import { formatMoney, lineAmount } from "@/server/domain/money";

// A fulfillment has a packing slip from the moment it is packed.
const DOCUMENTED: FulfillmentState[] = ["PACKED", "SHIPPED", "DELIVERED", "CLOSED"];

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { caller, me } = await signedInCaller();
  const order = await caller.orders.byId({ orderId: id }).catch((e: unknown) => {
    const code = domainCodeOf(e);
    if (code === "NOT_FOUND" || code === "BAD_INPUT") notFound();
    throw e;
  });
  const tz = me.workspace.timeZone;
  const b2b = order.accountId !== null;
  const staff = me.actor.role !== "customer";
  const activeAllocation = order.allocation.filter((a) => a.status === "ACTIVE");
  const channel = staff ? await caller.orders.channelActivity({ orderId: order.id }) : null;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <Link href="/orders" className="text-sm text-slate-500 hover:text-slate-700">← Orders</Link>
          <h1 className="mt-1 flex items-center gap-3 text-2xl font-semibold">
            <span data-testid="order-number">{order.number}</span>
            <StatusBadge status={order.status} />
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            {CHANNEL_LABELS[order.channel]} · {order.accountName ?? order.customerName} · {formatMoney(order.totalMinor, order.currency)}{"warehouseCode" in order ? ` · ships from ${order.warehouseCode}` : ""}
          </p>
        </div>
        <OrderActions order={{ id: order.id, version: order.version, status: order.status, number: order.number }} role={me.actor.role} />
      </div>

      <section className="grid gap-4 md:grid-cols-3">
        <Fact label="Customer" value={`${order.customerName}${order.customerEmail ? ` · ${order.customerEmail}` : ""}`} />
        <Fact label="Ship to" value={`${order.shipTo.line1}, ${order.shipTo.city} ${order.shipTo.region} ${order.shipTo.postalCode}, ${order.shipTo.country}`} />
        <Fact label="Planned ship date" value={order.plannedShipDate} />
        {b2b && <Fact label="Buyer PO" value={order.buyerPo ?? "—"} />}
        {b2b && <Fact label="Payment terms" value={order.paymentTerms ? humanize(order.paymentTerms) : "—"} />}
        {order.deliveryWindowStart && <Fact label="Delivery window" value={`${order.deliveryWindowStart} → ${order.deliveryWindowEnd}`} />}
        {order.acceptsBackorder && <Fact label="Backorders" value="Accepted" />}
        {order.cancelReason && <Fact label="Cancelled because" value={order.cancelReason} />}
        {channel && <Fact label={`From ${channel.connectionName}`} value={channel.reference ?? "—"} />}
      </section>

      {channel && (channel.work.length > 0 || channel.documents.length > 0) && (
        <section data-testid="channel-activity">
          <h2 className="mb-2 font-semibold">Told to {channel.connectionName}</h2>
          <ul className="space-y-1 text-sm">
            {channel.work.map((w) => (
              <li key={w.action}>
                {humanize(w.action)}:{" "}
                {w.doneAt ? <span className="text-emerald-700">done {formatDateTime(w.doneAt, tz)}</span> : w.gaveUpAt ? <span className="font-medium text-red-800">gave up {formatDateTime(w.gaveUpAt, tz)} after {w.attempts} tries: {w.lastError}</span> : <span className="text-amber-800">not yet ({w.attempts} tries{w.lastError ? `; last error: ${w.lastError}` : ""}; next {formatDateTime(w.nextAttemptAt, tz)})</span>}
              </li>
            ))}
            {channel.documents.map((d) => (
              <li key={d.id}>
                <a href={`/api/edi/documents/${d.id}`} className="text-indigo-700 hover:underline">{d.outbound ? "Sent" : "Received"} X12 {d.type}</a> · control {d.interchangeControl} · {formatDateTime(d.createdAt, tz)}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section>
        <h2 className="mb-2 font-semibold">Lines</h2>
        <Table head={["#", "SKU", "Product", "Ordered", "Qty (units)", "Allocated", "Backordered", "Pinned lot", "Amount"]}>
          {order.lines.map((l) => (
            <tr key={l.id} data-testid="order-line">
              <td className="px-3 py-2 text-slate-500">{l.lineNo}</td>
              <td className="px-3 py-2 font-mono text-xs">{l.sku}</td>
              <td className="px-3 py-2">{l.name}</td>
              <td className="px-3 py-2">{l.uom === "EACH" ? "—" : `${l.uomQuantity} × ${humanize(l.uom)}`}</td>
              <td className="px-3 py-2 tabular-nums">{l.quantity}</td>
              <td className="px-3 py-2 tabular-nums">{l.allocatedQty}</td>
              <td className={`px-3 py-2 tabular-nums ${l.backorderedQty ? "font-medium text-orange-700" : ""}`}>{l.backorderedQty}</td>
              <td className="px-3 py-2 font-mono text-xs">{l.pinnedLotCode ?? "—"}</td>
              <td className="px-3 py-2 tabular-nums">{formatMoney(lineAmount(l.quantity, l.unitPriceMinor), order.currency)}</td>
            </tr>
          ))}
        </Table>
      </section>

      {staff && (
        <section>
          <h2 className="mb-2 font-semibold">Allocation</h2>
          {order.allocation.length === 0 ? (
            <p className="text-sm text-slate-500">Nothing reserved yet.</p>
          ) : (
            <Table head={["SKU", "Lot", "Expires", "Bin", "Available before", "Reserved", "Available after", "Status"]}>
              {order.allocation.map((a) => (
                <tr key={a.id} data-testid="allocation-row" className={a.status === "ACTIVE" ? "" : "text-slate-400"}>
                  <td className="px-3 py-2 font-mono text-xs">{a.sku}</td>
                  <td className="px-3 py-2 font-mono text-xs">{a.lotCode}{a.pinned && <span className="ml-2 rounded bg-slate-800 px-1.5 py-0.5 text-[10px] text-white">pinned</span>}</td>
                  <td className="px-3 py-2">{a.expiresOn ?? "—"}</td>
                  <td className="px-3 py-2 font-mono text-xs">{a.binCode}</td>
                  <td className="px-3 py-2 tabular-nums">{a.availableBefore}</td>
                  <td className="px-3 py-2 tabular-nums font-medium">{a.quantity}</td>
                  <td className="px-3 py-2 tabular-nums">{a.availableBefore - a.quantity}</td>
                  <td className="px-3 py-2">{humanize(a.status)}</td>
                </tr>
              ))}
            </Table>
          )}
          {activeAllocation.length > 0 && <p className="mt-1 text-xs text-slate-500">{activeAllocation.reduce((n, a) => n + a.quantity, 0)} units reserved, FEFO by lot expiry then bin walking order.</p>}
        </section>
      )}

      {order.lotsShipped.length > 0 && (
        <section>
          <h2 className="mb-2 font-semibold">Lots shipped</h2>
          <Table head={["SKU", "Lot", "Expires", "Units"]}>
            {order.lotsShipped.map((l) => (
              <tr key={`${l.sku}-${l.lotCode}`} data-testid="lot-shipped">
                <td className="px-3 py-2 font-mono text-xs">{l.sku}</td>
                <td className="px-3 py-2 font-mono text-xs">{l.lotCode}</td>
                <td className="px-3 py-2">{l.expiresOn ?? "—"}</td>
                <td className="px-3 py-2 tabular-nums">{l.quantity}</td>
              </tr>
            ))}
          </Table>
        </section>
      )}

      {order.fulfillments.some((f) => DOCUMENTED.includes(f.status)) && (
        <p className="text-sm">
          <Link href={`/orders/${order.id}/documents`} className="text-indigo-700 hover:underline" data-testid="documents-link">Packing slips{order.accountName ? " and invoices" : ""}</Link>
        </p>
      )}

      {order.shipments.length > 0 && (
        <section>
          <h2 className="mb-2 font-semibold">Shipments</h2>
          <ul className="space-y-1 text-sm">
            {order.shipments.map((s) => (
              <li key={s.id} data-testid="order-shipment">
                {s.service} ·{" "}
                <a href={s.trackingUrl} target="_blank" rel="noreferrer" className="font-mono text-indigo-700 hover:underline">{s.trackingNumber}</a>{" "}
                · {humanize(s.status)} · dispatched {formatDateTime(s.dispatchedAt, tz)} · {s.deliveredAt ? `delivered ${formatDateTime(s.deliveredAt, tz)}${s.proof?.signer ? `, signed by ${s.proof.signer}` : ""}` : `estimated ${s.estimatedDeliveryOn}`}
              </li>
            ))}
          </ul>
        </section>
      )}

      {order.fulfillments.length > 0 && (
        <section>
          <h2 className="mb-2 font-semibold">Fulfillments</h2>
          <ul className="text-sm">
            {order.fulfillments.map((f) => (
              <li key={f.id}>
                {!staff ? <span className="font-mono">{f.number}</span> : <Link href={`/fulfillment/${f.id}`} className="font-mono text-indigo-700 hover:underline">{f.number}</Link>} · {humanize(f.status)}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section>
        <h2 className="mb-2 font-semibold">Timeline</h2>
        <ol className="relative space-y-3 border-l border-slate-200 pl-5" data-testid="timeline">
          {order.timeline.map((e) => (
            <li key={e.id} className="text-sm" data-testid="timeline-event" data-type={e.type}>
              <span className="absolute -left-1.5 mt-1.5 h-3 w-3 rounded-full border-2 border-white bg-indigo-500" />
              <div className="flex flex-wrap items-baseline gap-x-2">
                <span className="font-medium">{eventTitle(e)}</span>
                <time className="tabular-nums text-slate-500" dateTime={e.occurredAt.toISOString()}>{formatDateTime(e.occurredAt, tz)}</time>
                <span className="text-slate-500">· {e.actorLabel}</span>
              </div>
              {staff && <div className="font-mono text-xs text-slate-400">{e.type}{e.fromState ? ` (${e.fromState} → ${e.toState})` : ""}</div>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3">
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-0.5 text-sm">{value}</div>
    </div>
  );
}

function Table({ head, children }: { head: string[]; children: React.ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>{head.map((h) => <th key={h} className="px-3 py-2">{h}</th>)}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
