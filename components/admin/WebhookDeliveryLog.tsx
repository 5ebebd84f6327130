import type { listWebhookDeliveries } from "@/server/services/webhooks/deliveries";
import { formatDateTime } from "../format";
import { ResendWebhookDelivery } from "./ResendWebhookDelivery";

type Delivery = Awaited<ReturnType<typeof listWebhookDeliveries>>[number];

const STATUS_COLORS: Record<Delivery["status"], string> = {
  PENDING: "bg-sky-100 text-sky-800",
  SUCCEEDED: "bg-emerald-100 text-emerald-800",
  FAILED: "bg-rose-100 text-rose-800",
};

/** An endpoint's deliveries, newest first; each opens to its attempts with what the receiver answered. */
export function WebhookDeliveryLog({ deliveries, timeZone, status }: { deliveries: Delivery[]; timeZone: string; status?: Delivery["status"] }) {
  const when = (d: Date) => formatDateTime(d, timeZone, { seconds: true });
  return (
    <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
      <thead className="text-left text-slate-500">
        <tr><th className="px-3 py-2">Event</th><th>Subject</th><th>Status</th><th>Attempts</th><th>Next attempt</th><th>Last code</th><th /></tr>
      </thead>
      {deliveries.map((d) => (
        <tbody key={d.id} className="border-t border-slate-100" data-testid="webhook-delivery" data-event-id={d.event.id}>
          <tr>
            <td className="px-3 pt-2 font-mono text-xs">{d.event.type}</td>
            <td className="pt-2">{d.event.number ?? d.event.subjectType}</td>
            <td className="pt-2"><span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_COLORS[d.status]}`} data-testid="delivery-status">{d.status.charAt(0) + d.status.slice(1).toLowerCase()}</span></td>
            <td className="pt-2" data-testid="delivery-attempts">{d.attempts}</td>
            <td className="pt-2">{d.status === "PENDING" ? when(d.nextAttemptAt) : "—"}</td>
            <td className="pt-2" data-testid="delivery-status-code">{d.lastStatusCode ?? (d.attempts > 0 ? "no answer" : "—")}</td>
            <td className="pr-3 pt-2 text-right"><ResendWebhookDelivery deliveryId={d.id} /></td>
          </tr>
          <tr>
            <td colSpan={7} className="px-3 pb-2">
              {d.attemptLog.length === 0 ? (
                <p className="text-xs text-slate-500">Queued {when(d.createdAt)}; not attempted yet.</p>
              ) : (
                <details>
                  <summary className="cursor-pointer text-xs text-slate-500">{d.attemptLog.length === 1 ? "1 attempt" : `${d.attemptLog.length} attempts`} · event {d.event.id}</summary>
                  <ol className="mt-1 space-y-2">
                    {d.attemptLog.map((a, i) => (
                      <li key={i} data-testid="delivery-attempt" className="text-xs">
                        <p>
                          <time>{when(a.attemptedAt)}</time> · <span className="font-medium">{a.statusCode ?? "no answer"}</span> · {a.durationMs.toLocaleString("en-US")} ms
                        </p>
                        {a.response && <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-[11px] text-slate-700">{a.response}</pre>}
                      </li>
                    ))}
                  </ol>
                </details>
              )}
            </td>
          </tr>
        </tbody>
      ))}
      {deliveries.length === 0 && (
        <tbody>
          <tr>
            <td colSpan={7} className="px-3 py-6 text-center text-slate-500">
              {status ? `No ${status.toLowerCase()} deliveries.` : "No deliveries yet. Events the endpoint subscribes to appear here within seconds of happening."}
            </td>
          </tr>
        </tbody>
      )}
    </table>
  );
}
