import Link from "next/link";
import { notFound } from "next/navigation";
import { IntakeLog } from "@/components/channels/IntakeLog";
import { humanize } from "@/components/format";
import { input } from "@/components/forms";
import { signedInCaller } from "@/server/api/serverCaller";
import { INTAKE_STATUSES } from "@/server/domain/channels";

const PAGE = 50;

/** Every message the channels sent, newest first, with what came of it: where an operator finds a refused order. */
export default async function IntakePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const query = await searchParams;
  const { caller, me } = await signedInCaller();
  if (me.actor.role === "customer") notFound();
  const connections = await caller.channels.connections();
  // The filter lives in the URL; anything unrecognised is ignored rather than refused.
  const connectionId = connections.find((c) => c.id === query.connection)?.id;
  const status = INTAKE_STATUSES.find((s) => s === query.status);
  const after = query.after && /^[0-9a-f-]{36}$/i.test(query.after) ? query.after : undefined;
  const messages = await caller.channels.intakeMessages({ connectionId, status, after, limit: PAGE });
  const href = (next: { after?: string }) => {
    const search = new URLSearchParams(Object.entries({ connection: connectionId, status, ...next }).filter((entry): entry is [string, string] => Boolean(entry[1])));
    return `/intake${search.size ? `?${search}` : ""}`;
  };
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-xl font-semibold">Intake</h1>
        <form method="get" action="/intake" aria-label="Filter the intake log" className="flex flex-wrap items-end gap-3 text-sm">
          <label className="block text-sm font-medium text-slate-700">
            Channel
            <select name="connection" defaultValue={connectionId ?? ""} className={input}>
              <option value="">All channels</option>
              {connections.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </label>
          <label className="block text-sm font-medium text-slate-700">
            Status
            <select name="status" defaultValue={status ?? ""} className={input}>
              <option value="">Any status</option>
              {INTAKE_STATUSES.map((s) => <option key={s} value={s}>{humanize(s)}</option>)}
            </select>
          </label>
          <button className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50">Filter</button>
        </form>
      </div>
      <p className="text-sm text-slate-600">
        Messages from Shopify, Square and EDI partners, kept as they arrived. A rejected one is fixed where it says (an unknown SKU is mapped on its page) and then replayed; a replay never makes an order twice.
      </p>
      <IntakeLog messages={messages} timeZone={me.workspace.timeZone} empty={connectionId || status ? "No messages match the filter." : "No channel messages yet."} />
      <div className="flex gap-4 text-sm">
        {after && <Link href={href({})} className="text-indigo-700 hover:underline">← Newest</Link>}
        {messages.length === PAGE && <Link href={href({ after: messages.at(-1)!.id })} className="text-indigo-700 hover:underline">Older messages →</Link>}
      </div>
    </div>
  );
}
