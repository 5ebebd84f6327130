"use client";
import { useDroppable } from "@dnd-kit/core";
import type { ReactNode } from "react";
import { BOARD_COLUMN_LABELS, boardColumnOf, boardMove, type BoardColumn as Column } from "@/server/domain/board";
import type { BoardCard } from "@/server/services/orders/board";
import { DraggableCard } from "./BoardCard";

interface Props {
  column: Column;
  count: number;
  cards: BoardCard[];
  dragging: BoardCard | null;
  collapsed: boolean;
  onToggle?: () => void;
  onShowMore: () => void;
  /** A command for the whole lane, in its header. */
  action?: ReactNode;
}

/** A lane of the board. While a card is dragged it says whether it will take it, and why not. */
export function BoardColumn({ column, count, cards, dragging, collapsed, onToggle, onShowMore, action }: Props) {
  const { setNodeRef, isOver } = useDroppable({ id: column });
  const label = BOARD_COLUMN_LABELS[column];
  const home = dragging !== null && boardColumnOf(dragging.status) === column;
  const verdict = dragging && !home ? boardMove(dragging, column) : null;
  const refuses = verdict?.allowed === false;
  const ring = !verdict ? "border-slate-200" : refuses ? "border-dashed border-rose-300 bg-rose-50/60" : isOver ? "border-indigo-500 bg-indigo-50" : "border-indigo-300 border-dashed";

  return (
    <section
      ref={setNodeRef}
      aria-label={`${label}: ${count} orders`}
      data-testid={`column-${column}`}
      data-accepts={verdict ? String(verdict.allowed) : undefined}
      className={`flex max-h-[calc(100vh-12rem)] shrink-0 snap-start flex-col rounded-lg border-2 bg-slate-100/70 transition-colors ${ring} ${collapsed ? "w-14" : "w-[17rem] md:w-auto md:min-w-0 md:flex-1"}`}
    >
      <header className={`flex items-center gap-2 px-2.5 py-2 ${collapsed ? "flex-col" : ""}`}>
        {onToggle && (
          <button type="button" onClick={onToggle} aria-expanded={!collapsed} aria-label={`${collapsed ? "Expand" : "Collapse"} ${label}`} className="rounded px-1 text-slate-500 hover:bg-slate-200">
            {collapsed ? "›" : "‹"}
          </button>
        )}
        <h2 className={`text-sm font-semibold text-slate-700 ${collapsed ? "[writing-mode:vertical-rl]" : ""}`}>{label}</h2>
        <span className="rounded-full bg-white px-2 text-xs font-medium tabular-nums text-slate-600" data-testid="column-count">{count}</span>
        {!collapsed && action && <span className="ml-auto">{action}</span>}
      </header>
      {refuses && !collapsed && <p className="mx-2 mb-2 rounded bg-rose-100 px-2 py-1 text-xs text-rose-800" data-testid="refusal">{verdict.reason}</p>}
      {!collapsed && (
        <div className="flex flex-1 flex-col gap-2 overflow-y-auto px-2 pb-2">
          {cards.map((card) => <DraggableCard key={card.id} card={card} />)}
          {cards.length < count && (
            <button type="button" onClick={onShowMore} className="rounded-md py-1.5 text-xs font-medium text-indigo-700 hover:bg-white">
              Show more ({count - cards.length} not shown)
            </button>
          )}
          {count === 0 && <p className="py-6 text-center text-xs text-slate-400">No orders</p>}
        </div>
      )}
    </section>
  );
}
