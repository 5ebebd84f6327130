import Link from "next/link";
import { AutoAllocateSwitch } from "@/components/channels/AutoAllocateSwitch";
import { ChannelConnectionForm } from "@/components/channels/ChannelConnectionForm";
import { CHANNEL_KIND_SHORT } from "@/components/channels/channelLabels";
import { adminCaller } from "../adminCaller";

/** The sales channels that send orders in, how each is set up (never its secrets), and a form to connect another. */
export default async function ChannelsPage() {
  const { caller } = await adminCaller();
  const [connections, warehouses, options, settings] = await Promise.all([caller.channels.connections(), caller.admin.warehouses(), caller.orders.formOptions(), caller.admin.autoAllocate()]);
  const warehouseCode = (id: string | null) => (id ? warehouses.find((w) => w.id === id)?.code ?? "—" : <span className="text-slate-500">First warehouse</span>);
  const isSet = (set: boolean) => (set ? <span className="text-emerald-800">Set</span> : <span className="font-medium text-amber-800">Not set</span>);
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Channels</h1>
      <p className="text-sm text-slate-600">
        Shopify stores, Square locations and EDI trading partners send orders in. Every message is kept in the <Link href="/intake" className="text-indigo-700 hover:underline">intake log</Link> with
        what came of it; a refused one can be replayed once its cause is fixed. Tracking goes back to the channel when an order ships.
      </p>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <AutoAllocateSwitch autoAllocate={settings.autoAllocate} />
      </section>
      <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
        <thead className="text-left text-slate-500">
          <tr><th className="px-3 py-2">Channel</th><th>Kind</th><th>State</th><th>Default warehouse</th><th>Unknown SKU</th><th>Signing secret</th><th className="pr-3">Access token</th></tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {connections.map((c) => (
            <tr key={c.id} data-testid="channel-row" className="align-top">
              <td className="px-3 py-2">
                <Link href={`/admin/channels/${c.id}`} className="font-medium text-indigo-700 hover:underline">{c.name}</Link>
                <p className="font-mono text-xs text-slate-500">{c.shopDomain ?? c.locationId ?? (c.partnerId ? `${c.partnerQualifier}/${c.partnerId}` : "")}</p>
              </td>
              <td className="py-2">{CHANNEL_KIND_SHORT[c.kind]}</td>
              <td className="py-2">
                {c.enabled ? (
                  <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800">Enabled</span>
                ) : (
                  <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-700">Disabled</span>
                )}
              </td>
              <td className="py-2">{warehouseCode(c.warehouseId)}</td>
              <td className="py-2">{c.unknownSkuPolicy === "REJECT" ? "Reject" : "Flag"}</td>
              <td className="py-2">{c.kind === "EDI" ? <span className="text-slate-400">—</span> : isSet(c.hasSigningSecret)}</td>
              <td className="py-2 pr-3">{c.kind === "EDI" ? <span className="text-slate-400">—</span> : isSet(c.hasAccessToken)}</td>
            </tr>
          ))}
          {connections.length === 0 && <tr><td colSpan={7} className="px-3 py-6 text-center text-slate-500">No channels connected yet.</td></tr>}
        </tbody>
      </table>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 font-semibold">Connect a channel</h2>
        <ChannelConnectionForm warehouses={warehouses} accounts={options.accounts} />
      </section>
    </div>
  );
}
