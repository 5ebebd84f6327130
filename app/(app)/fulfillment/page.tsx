import Link from "next/link";
import { notFound } from "next/navigation";
import { formatDateTime, humanize } from "@/components/format";
import { WaveBuilder } from "@/components/fulfillment/WaveBuilder";
import { domainCodeOf, signedInCaller } from "@/server/api/serverCaller";
import { CHANNEL_LABELS, CHANNELS } from "@/server/domain/commercial";
import { FULFILLMENT_STATES } from "@/server/domain/fulfillmentLoop";
import { fulfillmentQueueInput } from "@/server/services/fulfillment/queries";

export default async function FulfillmentQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const { caller, me } = await signedInCaller();
  const filter = fulfillmentQueueInput.safeParse({ status: params.status || undefined, channel: params.channel || undefined, carrierCode: params.carrier || undefined, receivedBefore: params.cutoff || undefined });
  const [rows, options] = await Promise.all([caller.fulfillment.queue(filter.success ? filter.data : {}), caller.fulfillment.shippingOptions()]).catch((e: unknown) => {
    if (domainCodeOf(e) === "FORBIDDEN") notFound();
    throw e;
  });
  const carriers = [...new Map(options.map((o) => [o.carrierCode, o.carrierName])).entries()];
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Fulfillment queue</h1>
      <form action="/fulfillment" className="flex flex-wrap items-end gap-2 text-sm">
        <label className="flex flex-col text-xs text-slate-500">State
          <select name="status" defaultValue={params.status ?? ""} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-900">
            <option value="">All</option>
            {FULFILLMENT_STATES.map((s) => <option key={s} value={s}>{humanize(s)}</option>)}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-500">Channel
          <select name="channel" defaultValue={params.channel ?? ""} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-900">
            <option value="">All</option>
            {CHANNELS.map((c) => <option key={c} value={c}>{CHANNEL_LABELS[c]}</option>)}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-500">Carrier chosen
          <select name="carrier" defaultValue={params.carrier ?? ""} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-900">
            <option value="">Any</option>
            {carriers.map(([code, name]) => <option key={code} value={code}>{name}</option>)}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-500">Received before (cut-off)
          <input type="datetime-local" name="cutoff" defaultValue={params.cutoff ?? ""} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-900" />
        </label>
        <button className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">Filter</button>
      </form>
      <WaveBuilder
        rows={rows.map((r) => ({ ...r, channelLabel: CHANNEL_LABELS[r.channel], received: formatDateTime(r.receivedAt, me.workspace.timeZone) }))}
      />
      {rows.length === 0 && <p className="text-sm text-slate-500">Nothing in the queue matches.</p>}
      <p className="text-xs text-slate-500">
        A wave is the fulfillments you tick, or every allocated one the filter shows: filter by channel, carrier and cut-off, then “Select all allocated”. <Link href="/orders" className="text-indigo-700">Orders</Link> are queued from their page.
      </p>
    </div>
  );
}
