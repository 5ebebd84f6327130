import Link from "next/link";
import type { IntakeOutcome } from "@/server/domain/channels";
import { humanize } from "../format";

/** What came of a message, per order it described: the order it made, or why not, and what was left out. */
export function IntakeOutcomes({ outcomes, status }: { outcomes: IntakeOutcome[]; status: string }) {
  if (!outcomes.length) return <span className="text-slate-500">{status === "RECEIVED" ? "Not processed yet" : "—"}</span>;
  return (
    <ul className="space-y-1" data-testid="intake-outcomes">
      {outcomes.map((o, i) => (
        <li key={`${o.reference ?? ""}-${i}`}>
          <span className="font-medium">{humanize(o.status)}</span>
          {o.reference && <span className="text-slate-500"> · {o.reference}</span>}
          {o.orderId && o.orderNumber && (
            <>
              {" → "}
              <Link href={`/orders/${o.orderId}`} className="font-medium text-indigo-700 hover:underline">{o.orderNumber}</Link>
            </>
          )}
          {o.reasons.length > 0 && (
            <ul className="ml-4 list-disc text-rose-800">
              {o.reasons.map((r, j) => <li key={j} className="break-words">{r}</li>)}
            </ul>
          )}
          {o.flags && o.flags.length > 0 && (
            <ul className="ml-4 list-disc text-amber-800">
              {o.flags.map((f, j) => <li key={j} className="break-words">Left out: {f}</li>)}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
