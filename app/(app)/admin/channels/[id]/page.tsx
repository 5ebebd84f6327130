import Link from "next/link";
import { notFound } from "next/navigation";
import { ChannelConnectionForm } from "@/components/channels/ChannelConnectionForm";
import { CHANNEL_KIND_LABEL } from "@/components/channels/channelLabels";
import { connectionSettings, webhookAddressOf } from "@/components/channels/connectionSettings";
import { IntakeLog } from "@/components/channels/IntakeLog";
import { SkuMapForm } from "@/components/channels/SkuMapForm";
import { UploadInterchange } from "@/components/channels/UploadInterchange";
import { formatDateTime } from "@/components/format";
import { requestOrigin } from "@/server/api/requestOrigin";
import { domainCodeOf } from "@/server/api/serverCaller";
import { adminCaller } from "../../adminCaller";

const RECENT = 20;

/** One connection: where the platform must send its messages, its settings, its SKU map and what it sent lately. */
export default async function ChannelConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { caller, me } = await adminCaller();
  const [connection, skuMaps, messages, warehouses, options, origin, documents] = await Promise.all([
    caller.channels.connection({ connectionId: id }),
    caller.channels.skuMaps({ connectionId: id }),
    caller.channels.intakeMessages({ connectionId: id, limit: RECENT }),
    caller.admin.warehouses(),
    caller.orders.formOptions(),
    requestOrigin(),
    caller.channels.ediDocuments({ connectionId: id }),
  ]).catch((e: unknown) => {
    // Another workspace's connection, or an id that is none: nothing here.
    if (domainCodeOf(e) === "NOT_FOUND" || domainCodeOf(e) === "BAD_INPUT") notFound();
    throw e;
  });
  const address = webhookAddressOf(origin, connection);
  const squareMismatch = connection.kind === "SQUARE" && connection.notificationUrl !== address;
  return (
    <div className="space-y-6">
      <div>
        <Link href="/admin/channels" className="text-sm text-slate-500 hover:text-slate-700">← Channels</Link>
        <h1 className="mt-1 text-xl font-semibold">{connection.name}</h1>
        <p className="text-sm text-slate-600">{CHANNEL_KIND_LABEL[connection.kind]}{connection.enabled ? "" : " · disabled: its messages are refused"}</p>
      </div>

      <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="font-semibold">Webhook address</h2>
        <code className="block select-all break-all rounded bg-slate-50 px-2 py-1.5 font-mono text-sm" data-testid="webhook-address">
          {connection.kind === "EDI" ? `POST ${address}` : address}
        </code>
        {connection.kind === "SHOPIFY" && (
          <p className="text-sm text-slate-600">
            In Shopify, subscribe <span className="font-mono">orders/create</span>, <span className="font-mono">orders/updated</span> and <span className="font-mono">orders/cancelled</span> (JSON) to this address.
            Shopify signs each delivery with the webhook signing secret stored here.
          </p>
        )}
        {connection.kind === "SQUARE" && (
          <>
            <p className="text-sm text-slate-600">
              In Square&apos;s Developer Console, subscribe the order events to this address. Square signs the notification URL together with the body, so the connection&apos;s notification URL must equal this address exactly.
            </p>
            {squareMismatch && (
              <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
                The notification URL saved below is {connection.notificationUrl ? <span className="break-all font-mono">{connection.notificationUrl}</span> : "empty"}: Square&apos;s signatures will not verify until it is this address.
              </p>
            )}
          </>
        )}
        {connection.kind === "EDI" && <p className="text-sm text-slate-600">The partner (or the VAN) posts X12 interchanges here; the ISA sender qualifier and id pick this connection.</p>}
      </section>

      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="font-semibold">Settings</h2>
        <ChannelConnectionForm
          key={connection.updatedAt.toISOString()}
          connection={connectionSettings(connection, warehouses, options.accounts)}
          warehouses={warehouses}
          accounts={options.accounts}
          webhookAddress={connection.kind === "SQUARE" ? address : undefined}
        />
      </section>

      {connection.kind === "EDI" && (
        <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" data-testid="edi-documents">
          <h2 className="font-semibold">Receive purchase orders</h2>
          <p className="text-sm text-slate-600">
            Upload or paste an X12 850 interchange from {connection.name}, or have its system POST it to <code className="font-mono text-xs">{origin}/api/v1/edi/inbound</code> with an admin API key.
            Each PO becomes an order for the partner&apos;s account, or is refused with its reasons; a 997 acknowledgment is made for each group.
          </p>
          <UploadInterchange connectionId={connection.id} />
          <h2 className="pt-2 font-semibold">Documents</h2>
          <ul className="divide-y divide-slate-100 text-sm">
            {documents.map((d) => (
              <li key={d.id} className="flex flex-wrap gap-x-3 py-1" data-testid="edi-document">
                <a href={`/api/edi/documents/${d.id}`} className="text-indigo-700 hover:underline">{d.outbound ? "Sent" : "Received"} {d.type}</a>
                <span className="text-slate-500">control {d.interchangeControl}</span>
                {d.orderId && <Link href={`/orders/${d.orderId}`} className="text-indigo-700 hover:underline">{d.orderNumber}</Link>}
                <span className="text-slate-500">{formatDateTime(d.createdAt, me.workspace.timeZone)}</span>
              </li>
            ))}
            {documents.length === 0 && <li className="py-2 text-slate-500">No documents yet.</li>}
          </ul>
        </section>
      )}

      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" id="sku-map">
        <div>
          <h2 className="font-semibold">SKU map</h2>
          <p className="text-sm text-slate-600">What this channel calls our products. A channel key that is one of our SKUs needs no mapping; mapping a key again changes it.</p>
        </div>
        <table className="w-full text-sm">
          <thead className="text-left text-slate-500">
            <tr><th className="py-1">Channel key</th><th>Our SKU</th><th className="text-right">Pack size</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {skuMaps.map((m) => (
              <tr key={m.id} data-testid="sku-map-row">
                <td className="py-1.5 font-mono">{m.channelKey}</td>
                <td><span className="font-mono">{m.sku}</span> <span className="text-slate-500">{m.productName}</span></td>
                <td className="text-right tabular-nums">{m.packSize}</td>
              </tr>
            ))}
            {skuMaps.length === 0 && <tr><td colSpan={3} className="py-4 text-center text-slate-500">Nothing mapped yet.</td></tr>}
          </tbody>
        </table>
        <SkuMapForm connectionId={connection.id} products={options.products} />
      </section>

      <section className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h2 className="font-semibold">Recent messages</h2>
          <Link href={`/intake?connection=${connection.id}`} className="text-sm text-indigo-700 hover:underline">All of its messages →</Link>
        </div>
        <IntakeLog messages={messages} timeZone={me.workspace.timeZone} empty="Nothing received from this channel yet." />
      </section>
    </div>
  );
}
