import Link from "next/link";
import { formatDateTime, humanize } from "@/components/format";
import { StatusBadge } from "@/components/StatusBadge";
import { signedInCaller } from "@/server/api/serverCaller";
import { formatMoney } from "@/server/domain/money";
import { ORDER_STATES } from "@/server/domain/orderLoop";
import { CHANNEL_LABELS, CHANNELS } from "@/server/domain/commercial";
import { listOrdersInput } from "@/server/services/orders/queries";

const PAGE = 50;

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const { caller, me } = await signedInCaller();
  // The filter lives in the URL; anything unrecognised is simply ignored.
  const filter = listOrdersInput.safeParse({ status: params.status || undefined, channel: params.channel || undefined, search: params.q || undefined, limit: PAGE, offset: Number(params.offset ?? 0) || 0 });
  const input = filter.success ? filter.data : { limit: PAGE, offset: 0 };
  const { rows, total } = await caller.orders.list(input);
  const page = (offset: number) => `/orders?${new URLSearchParams({ ...(params.status ? { status: params.status } : {}), ...(params.channel ? { channel: params.channel } : {}), ...(params.q ? { q: params.q } : {}), offset: String(offset) })}`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">Orders</h1>
          <p className="text-sm text-slate-500" data-testid="order-count">{total} orders</p>
        </div>
        <Link href="/orders/new" className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500">New order</Link>
      </div>
      <form className="flex flex-wrap gap-2 text-sm" action="/orders">
        <input name="q" defaultValue={params.q ?? ""} placeholder="Order, customer or PO" aria-label="Search" className="rounded-md border border-slate-300 px-3 py-1.5" />
        <select name="status" defaultValue={params.status ?? ""} aria-label="State" className="rounded-md border border-slate-300 px-2 py-1.5">
          <option value="">All states</option>
          {ORDER_STATES.map((s) => <option key={s} value={s}>{humanize(s)}</option>)}
        </select>
        <select name="channel" defaultValue={params.channel ?? ""} aria-label="Channel" className="rounded-md border border-slate-300 px-2 py-1.5">
          <option value="">All channels</option>
          {CHANNELS.map((c) => <option key={c} value={c}>{CHANNEL_LABELS[c]}</option>)}
        </select>
        <button className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">Filter</button>
      </form>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2">Order</th><th className="px-3 py-2">State</th><th className="px-3 py-2">Channel</th>
              <th className="px-3 py-2">Customer</th><th className="px-3 py-2 text-right">SKUs</th><th className="px-3 py-2 text-right">Value</th><th className="px-3 py-2">Received</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((o) => (
              <tr key={o.id} className="hover:bg-slate-50" data-testid="order-row">
                <td className="px-3 py-2 font-medium"><Link href={`/orders/${o.id}`} className="text-indigo-700 hover:underline">{o.number}</Link></td>
                <td className="px-3 py-2"><StatusBadge status={o.status} /></td>
                <td className="px-3 py-2">{CHANNEL_LABELS[o.channel]}</td>
                <td className="px-3 py-2">{o.accountName ?? o.customerName}</td>
                <td className="px-3 py-2 text-right tabular-nums">{o.skuCount}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatMoney(o.totalMinor, o.currency)}</td>
                <td className="px-3 py-2 text-slate-500">{formatDateTime(o.receivedAt, me.workspace.timeZone)}</td>
              </tr>
            ))}
            {rows.length === 0 && <tr><td colSpan={7} className="px-3 py-8 text-center text-slate-500">No orders match.</td></tr>}
          </tbody>
        </table>
      </div>
      <div className="flex justify-between text-sm">
        {input.offset > 0 ? <Link href={page(Math.max(0, input.offset - PAGE))} className="text-indigo-700">← Newer</Link> : <span />}
        {input.offset + PAGE < total && <Link href={page(input.offset + PAGE)} className="text-indigo-700">Older →</Link>}
      </div>
    </div>
  );
}
