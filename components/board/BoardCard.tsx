"use client";
import { useDraggable } from "@dnd-kit/core";
import Link from "next/link";
import { CHANNEL_LABELS } from "@/server/domain/commercial";
import { formatMoney } from "@/server/domain/money";
import type { BoardCard as Card } from "@/server/services/orders/board";
import { formatAge, humanize } from "../format";

/** A card on the board: drag it (mouse, touch or keyboard) to run the next command. */
export function DraggableCard({ card }: { card: Card }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: card.id, data: { card } });
  return (
    <div ref={setNodeRef} {...listeners} {...attributes} aria-label={`Order ${card.number}`} data-testid="board-card" data-order={card.number}
      className={`rounded-md outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 ${isDragging ? "opacity-40" : ""}`}>
      <CardFace card={card} />
    </div>
  );
}

export function CardFace({ card, lifted = false }: { card: Card; lifted?: boolean }) {
  const badges = cardBadges(card);
  return (
    <article className={`cursor-grab rounded-md border border-slate-200 bg-white p-2.5 text-sm ${lifted ? "rotate-1 shadow-xl" : "shadow-sm hover:border-slate-300"}`}>
      <div className="flex items-baseline justify-between gap-2">
        {/* Enter on the link opens the order; it must not start a keyboard drag of the card. */}
        <Link href={`/orders/${card.id}`} onKeyDown={(e) => e.stopPropagation()} className="font-medium text-indigo-700 hover:underline">{card.number}</Link>
        <span className="text-xs tabular-nums text-slate-500" title="Age since received" suppressHydrationWarning>{formatAge(card.receivedAt)}</span>
      </div>
      <p className="truncate text-slate-700">{card.accountName ?? card.customerName}</p>
      <p className="flex justify-between text-xs text-slate-500">
        <span>{CHANNEL_LABELS[card.channel]} · {card.skuCount} SKU{card.skuCount === 1 ? "" : "s"}</span>
        <span className="tabular-nums text-slate-700">{formatMoney(card.totalMinor, card.currency)}</span>
      </p>
      {badges.length > 0 && (
        <ul className="mt-1.5 flex flex-wrap gap-1" aria-label="Flags">
          {badges.map((b) => <li key={b.label} className={`rounded px-1.5 py-0.5 text-[11px] font-medium ${b.tone}`}>{b.label}</li>)}
        </ul>
      )}
    </article>
  );
}

function cardBadges(card: Card): { label: string; tone: string }[] {
  const badges: { label: string; tone: string }[] = [];
  const step = card.fulfillment?.status;
  if (step === "EXCEPTION") badges.push({ label: "Exception", tone: "bg-rose-100 text-rose-800" });
  else if (card.status === "FULFILLMENT_QUEUED" && step) badges.push({ label: humanize(step === "ALLOCATED" ? "QUEUED" : step), tone: "bg-sky-100 text-sky-800" });
  if (card.backordered) badges.push({ label: "Backorder", tone: "bg-amber-100 text-amber-800" });
  if (card.lotPinned) badges.push({ label: "Lot-pinned", tone: "bg-violet-100 text-violet-800" });
  if (card.b2b) badges.push({ label: "B2B", tone: "bg-slate-100 text-slate-700" });
  return badges;
}
