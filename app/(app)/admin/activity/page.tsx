import { formatDateTime, humanize } from "@/components/format";
import { adminCaller } from "../adminCaller";

/** What changed in the workspace's setup, by whom and when: the admin events, newest first. */
export default async function AdminActivityPage() {
  const { caller, me } = await adminCaller();
  const changes = await caller.admin.changes();
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Activity</h1>
      <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
        {changes.map((c) => (
          <li key={c.id} className="space-y-0.5 px-4 py-2" data-testid="admin-change">
            <p>
              <span className="font-medium">{humanize(c.type.replace(/^admin\./, "").replace(".", " "))}</span>{" "}
              <time className="text-slate-500">{formatDateTime(c.occurredAt, me.workspace.timeZone)}</time> <span className="text-slate-500">· {c.actorLabel}</span>
            </p>
            <p className="break-all font-mono text-xs text-slate-500">{summarize(c.payload)}</p>
          </li>
        ))}
        {changes.length === 0 && <li className="px-4 py-6 text-center text-slate-500">No admin changes yet.</li>}
      </ol>
    </div>
  );
}

/** `changes: { name: [a, b] }` as "name: a → b"; anything else as it was recorded. */
function summarize(payload: Record<string, unknown>): string {
  const { changes, ...rest } = payload as { changes?: Record<string, [unknown, unknown]> };
  const changed = Object.entries(changes ?? {}).map(([field, [before, after]]) => `${field}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
  const other = Object.entries(rest).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  return [...changed, ...other].join(" · ");
}
