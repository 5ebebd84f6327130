import Link from "next/link";
import { notFound } from "next/navigation";
import { CHANNEL_KIND_SHORT, unknownSkuOf } from "@/components/channels/channelLabels";
import { IntakeOutcomes } from "@/components/channels/IntakeOutcomes";
import { IntakeStatusBadge } from "@/components/channels/IntakeStatusBadge";
import { ReplayIntakeMessage } from "@/components/channels/ReplayIntakeMessage";
import { SkuMapForm } from "@/components/channels/SkuMapForm";
import { formatDateTime } from "@/components/format";
import { domainCodeOf, signedInCaller } from "@/server/api/serverCaller";

/**
 * One channel message as it arrived (headers and raw body: untrusted text, shown as text) and what
 * came of it, with what an operator needs to fix a refusal: a SKU mapping, then a replay.
 */
export default async function IntakeMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { caller, me } = await signedInCaller();
  if (me.actor.role === "customer") notFound();
  const [message, options] = await Promise.all([caller.channels.intakeMessage({ messageId: id }), caller.orders.formOptions()]).catch((e: unknown) => {
    if (domainCodeOf(e) === "NOT_FOUND" || domainCodeOf(e) === "BAD_INPUT") notFound();
    throw e;
  });
  const tz = me.workspace.timeZone;
  const unknown = [...new Map(message.outcomes.flatMap((o) => o.reasons).map(unknownSkuOf).filter((u) => u !== null).map((u) => [u.channelKey, u] as const)).values()];
  return (
    <div className="space-y-6">
      <div>
        <Link href="/intake" className="text-sm text-slate-500 hover:text-slate-700">← Intake</Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-xl font-semibold">
          <span>{message.connectionName} <span className="font-normal text-slate-500">({CHANNEL_KIND_SHORT[message.kind]})</span> · <span className="font-mono text-lg">{message.topic}</span></span>
          <IntakeStatusBadge status={message.status} />
        </h1>
        <p className="text-sm text-slate-600">
          Received {formatDateTime(message.receivedAt, tz, { seconds: true })}
          {message.processedAt && <> · processed {formatDateTime(message.processedAt, tz, { seconds: true })}</>}
          {message.duplicates > 0 && <> · sent again {message.duplicates} time{message.duplicates === 1 ? "" : "s"}</>}
          {" · "}delivery id <span className="break-all font-mono">{message.dedupeKey}</span>
        </p>
      </div>

      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="font-semibold">Outcome</h2>
        <div className="text-sm"><IntakeOutcomes outcomes={message.outcomes} status={message.status} /></div>
        {unknown.map((u) => (
          <div key={u.channelKey} className="rounded-md border border-slate-200 p-3">
            <h3 className="mb-2 text-sm font-medium">Map SKU <span className="font-mono">{u.channelKey}</span></h3>
            <SkuMapForm connectionId={message.connectionId} products={options.products} channelKey={u.channelKey} title={u.title ?? undefined} />
          </div>
        ))}
        <div>
          <p className="mb-2 text-sm text-slate-600">Replay once the cause is fixed. An order the message already made is found, not made again.</p>
          <ReplayIntakeMessage messageId={message.id} />
        </div>
      </section>

      <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="font-semibold">Headers</h2>
        <dl className="grid grid-cols-[minmax(8rem,max-content)_1fr] gap-x-4 gap-y-1 font-mono text-xs">
          {Object.entries(message.headers).map(([name, value]) => (
            <div key={name} className="contents">
              <dt className="text-slate-500">{name}</dt>
              <dd className="break-all">{value}</dd>
            </div>
          ))}
        </dl>
        {Object.keys(message.headers).length === 0 && <p className="text-sm text-slate-500">None kept.</p>}
      </section>

      <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="font-semibold">Body</h2>
        {/* As received, from outside: React renders it as text, never as markup. */}
        <pre className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-3 font-mono text-xs" data-testid="intake-body">{message.body}</pre>
      </section>
    </div>
  );
}
