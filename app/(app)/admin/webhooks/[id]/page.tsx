import Link from "next/link";
import { notFound } from "next/navigation";
import { ReplayWebhookEvents } from "@/components/admin/ReplayWebhookEvents";
import { RotateEndpointSecret } from "@/components/admin/RotateEndpointSecret";
import { WebhookDeliveryLog } from "@/components/admin/WebhookDeliveryLog";
import { WebhookEndpointForm } from "@/components/admin/WebhookEndpointForm";
import { WebhookEndpointSwitch } from "@/components/admin/WebhookEndpointSwitch";
import { formatDateTime } from "@/components/format";
import { domainCodeOf } from "@/server/api/serverCaller";
import { wallTimeOf } from "@/server/domain/dates";
import { adminCaller } from "../../adminCaller";

const STATUSES = ["PENDING", "SUCCEEDED", "FAILED"] as const;
type Status = (typeof STATUSES)[number];
const PAGE = 50;

/** One endpoint: its settings, secret rotation, replay, and the delivery log (filter by status, page by `before`). */
export default async function WebhookEndpointPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const { caller, me } = await adminCaller();
  const tz = me.workspace.timeZone;
  const status = STATUSES.find((s) => s === query.status);
  const [endpoint, deliveries] = await Promise.all([
    caller.admin.webhookEndpoint({ endpointId: id }),
    caller.admin.webhookDeliveries({ endpointId: id, status, before: query.before || undefined, limit: PAGE }),
  ]).catch((e: unknown) => {
    // Another workspace's endpoint, an id that is none, a page anchor of another log: nothing here.
    if (domainCodeOf(e) === "NOT_FOUND" || domainCodeOf(e) === "BAD_INPUT") notFound();
    throw e;
  });
  const when = (d: Date | null) => (d ? formatDateTime(d, tz) : "—");
  const logHref = (next: { status?: Status; before?: string }) => {
    const search = new URLSearchParams(Object.entries(next).filter((entry): entry is [string, string] => Boolean(entry[1])));
    return `/admin/webhooks/${endpoint.id}${search.size ? `?${search}` : ""}#deliveries`;
  };
  const overlapping = endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date();
  return (
    <div className="space-y-6">
      <div>
        <Link href="/admin/webhooks" className="text-sm text-slate-500 hover:text-slate-700">← Webhooks</Link>
        <h1 className="mt-1 break-all text-xl font-semibold">{endpoint.url}</h1>
        {endpoint.description && <p className="text-sm text-slate-600">{endpoint.description}</p>}
      </div>

      {endpoint.disabledReason ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          <p className="font-semibold">Disabled by Loopline: {endpoint.disabledReason}</p>
          <p>Nothing is sent to it. Fix the receiver, enable it again, then replay what it missed.</p>
        </div>
      ) : (
        !endpoint.enabled && <p className="rounded-md border border-slate-300 bg-slate-50 p-3 text-sm text-slate-700">Disabled: nothing is sent to this endpoint.</p>
      )}

      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h2 className="font-semibold">Settings</h2>
            <p className="text-sm text-slate-600" data-testid="endpoint-health">
              {endpoint.enabled ? "Enabled" : "Disabled"} · last success {when(endpoint.lastSuccessAt)}
              {endpoint.failingSince && <span className="font-medium text-amber-800"> · failing since {when(endpoint.failingSince)}</span>}
            </p>
          </div>
          <WebhookEndpointSwitch endpointId={endpoint.id} enabled={endpoint.enabled} />
        </div>
        <WebhookEndpointForm key={endpoint.updatedAt.toISOString()} endpoint={endpoint} />
      </section>

      <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="font-semibold">Signing secret</h2>
        <RotateEndpointSecret endpointId={endpoint.id} timeZone={tz} />
        {overlapping && <p className="text-sm text-slate-600">The secret before the last rotation signs too, until {when(endpoint.previousSecretExpiresAt)}.</p>}
      </section>

      <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="font-semibold">Replay from a time</h2>
        <p className="text-sm text-slate-600">Every event since then that this endpoint subscribes to is sent again, including those from before it existed or while it was disabled.</p>
        <ReplayWebhookEvents endpointId={endpoint.id} timeZone={tz} defaultSince={wallTimeOf(new Date(Date.now() - 3_600_000), tz)} />
      </section>

      <section id="deliveries" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h2 className="font-semibold">Deliveries</h2>
          <nav aria-label="Delivery status" className="flex gap-3 text-sm">
            {[undefined, ...STATUSES].map((s) => (
              <Link key={s ?? "all"} href={logHref({ status: s })} aria-current={s === status ? "page" : undefined} className={s === status ? "font-semibold text-slate-900" : "text-indigo-700 hover:underline"}>
                {s ? s.charAt(0) + s.slice(1).toLowerCase() : "All"}
              </Link>
            ))}
          </nav>
        </div>
        <WebhookDeliveryLog deliveries={deliveries} timeZone={tz} status={status} />
        <div className="flex gap-4 text-sm">
          {query.before && <Link href={logHref({ status })} className="text-indigo-700 hover:underline">← Newest</Link>}
          {deliveries.length === PAGE && <Link href={logHref({ status, before: deliveries.at(-1)!.id })} className="text-indigo-700 hover:underline">Older deliveries →</Link>}
        </div>
      </section>
    </div>
  );
}
