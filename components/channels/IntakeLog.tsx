import Link from "next/link";
import type { ChannelKind, IntakeOutcome, IntakeStatus } from "@/server/domain/channels";
import { formatDateTime } from "../format";
import { CHANNEL_KIND_SHORT } from "./channelLabels";
import { IntakeOutcomes } from "./IntakeOutcomes";
import { IntakeStatusBadge } from "./IntakeStatusBadge";

interface Row {
  id: string;
  connectionName: string;
  kind: ChannelKind;
  topic: string;
  status: IntakeStatus;
  outcomes: IntakeOutcome[];
  duplicates: number;
  receivedAt: Date;
}

/** Channel messages as they came in, newest first, each with what came of it. */
export function IntakeLog({ messages, timeZone, empty = "No messages yet." }: { messages: Row[]; timeZone: string; empty?: string }) {
  return (
    <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
      <thead className="text-left text-slate-500">
        <tr><th className="px-3 py-2">Received</th><th>Channel</th><th>Topic</th><th>Status</th><th>Outcome</th><th className="pr-3 text-right">Duplicates</th></tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {messages.map((m) => (
          <tr key={m.id} data-testid="intake-row" className="align-top">
            <td className="whitespace-nowrap px-3 py-2">
              <Link href={`/intake/${m.id}`} className="text-indigo-700 hover:underline">{formatDateTime(m.receivedAt, timeZone, { seconds: true })}</Link>
            </td>
            <td className="py-2">{m.connectionName} <span className="text-slate-500">({CHANNEL_KIND_SHORT[m.kind]})</span></td>
            <td className="py-2 font-mono text-xs">{m.topic}</td>
            <td className="py-2"><IntakeStatusBadge status={m.status} /></td>
            <td className="max-w-xl py-2"><IntakeOutcomes outcomes={m.outcomes} status={m.status} /></td>
            <td className="py-2 pr-3 text-right tabular-nums">{m.duplicates || "—"}</td>
          </tr>
        ))}
        {messages.length === 0 && <tr><td colSpan={6} className="px-3 py-6 text-center text-slate-500">{empty}</td></tr>}
      </tbody>
    </table>
  );
}
