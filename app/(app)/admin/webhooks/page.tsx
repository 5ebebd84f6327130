import Link from "next/link";
import { formatDateTime } from "@/components/format";
import { WebhookEndpointForm } from "@/components/admin/WebhookEndpointForm";
import { adminCaller } from "../adminCaller";

/** The workspace's webhook subscribers and their health; a new one shows its secret once. */
export default async function WebhooksPage() {
  const { caller, me } = await adminCaller();
  const endpoints = await caller.admin.webhookEndpoints();
  const when = (d: Date | null) => (d ? formatDateTime(d, me.workspace.timeZone) : "—");
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Webhooks</h1>
      <p className="text-sm text-slate-600">
        Loop events are POSTed to each endpoint as they commit, signed per Standard Webhooks, retried with backoff for about 27 hours. An endpoint whose every delivery fails for five days is disabled.
        Systems that would rather pull read <a href="/api/docs" className="text-indigo-700 hover:underline">GET /api/v1/events</a>.
      </p>
      <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
        <thead className="text-left text-slate-500">
          <tr><th className="px-3 py-2">URL</th><th>Events</th><th>State</th><th>Last success</th><th className="pr-3">Failing since</th></tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {endpoints.map((e) => (
            <tr key={e.id} data-testid="webhook-endpoint-row" className="align-top">
              <td className="px-3 py-2">
                <Link href={`/admin/webhooks/${e.id}`} className="break-all font-medium text-indigo-700 hover:underline">{e.url}</Link>
                {e.description && <p className="text-slate-500">{e.description}</p>}
              </td>
              <td className="py-2 font-mono text-xs">{e.eventTypes.length ? e.eventTypes.join(", ") : <span className="font-sans text-slate-500">all events</span>}</td>
              <td className="py-2">
                {e.enabled ? (
                  <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800">Enabled</span>
                ) : (
                  <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-700">Disabled</span>
                )}
                {e.disabledReason && <p role="alert" className="mt-1 max-w-xs rounded bg-red-50 px-2 py-1 text-xs font-medium text-red-800">Disabled by Loopline: {e.disabledReason}</p>}
              </td>
              <td className="py-2">{when(e.lastSuccessAt)}</td>
              <td className={`py-2 pr-3 ${e.failingSince ? "font-medium text-amber-800" : ""}`}>{when(e.failingSince)}</td>
            </tr>
          ))}
          {endpoints.length === 0 && <tr><td colSpan={5} className="px-3 py-6 text-center text-slate-500">No webhook endpoints yet.</td></tr>}
        </tbody>
      </table>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 font-semibold">New endpoint</h2>
        <WebhookEndpointForm />
      </section>
    </div>
  );
}
