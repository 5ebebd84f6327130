"use client";
import {
  DndContext, DragOverlay, KeyboardSensor, PointerSensor, pointerWithin, rectIntersection, useSensor, useSensors,
  type Announcements, type CollisionDetection, type DragEndEvent,
} from "@dnd-kit/core";
import type { allocateReceived } from "@/server/services/orders/allocateReceived";
import { lazy, Suspense, useState } from "react";
import { BOARD_COLUMN_LABELS, BOARD_COLUMNS, boardColumnOf, boardMove, type BoardColumn as Column, type BoardCommand } from "@/server/domain/board";
import type { Board as BoardData, BoardCard, BoardFilters } from "@/server/services/orders/board";
import type { DeliveryValues } from "../fulfillment/DeliveryForm";
import type { ShippingOption, ShipValues } from "../fulfillment/ShipForm";
import { loadTrpcClient } from "../loadTrpcClient";
import { CardFace } from "./BoardCard";
import { moveCard } from "./boardCache";
import { BoardColumn } from "./BoardColumn";
import { columnKeyboardCoordinates } from "./keyboardColumns";
import type { DialogMove } from "./MoveDialog";
import { Toasts, useToasts } from "./Toasts";
import { useBoardData, type BoardShow } from "./useBoardData";
import { useLiveBoard } from "./useLiveBoard";

// The ship and delivery dialog, with its forms and rate quote, loads when a drop first opens it:
// most visits to the board never do, so it stays out of the page's first load.
const MoveDialog = lazy(() => import("./MoveDialog").then((m) => ({ default: m.MoveDialog })));

type TrpcClient = Awaited<ReturnType<typeof loadTrpcClient>>["trpcClient"];
type Fulfillment = NonNullable<BoardCard["fulfillment"]>;
/** A drop to run: the order commands need the card, ship and delivery their dialog's details too. */
type Move = { card: BoardCard; to: Column } & (
  | { command: "allocate" | "releaseAllocation" | "releaseToPicking" }
  | { command: "ship"; fulfillment: Fulfillment; details: ShipValues }
  | { command: "confirmDelivery"; fulfillment: Fulfillment; details: DeliveryValues }
);

const DONE: Record<BoardCommand, string> = {
  allocate: "allocated",
  releaseAllocation: "allocation released",
  releaseToPicking: "queued, pick list generated",
  ship: "shipped",
  confirmDelivery: "delivery confirmed",
};

const WILL: Record<BoardCommand, string> = {
  allocate: "allocate it",
  releaseAllocation: "release its stock",
  releaseToPicking: "queue it and start picking",
  ship: "open the shipment dialog",
  confirmDelivery: "open the delivery confirmation",
};

// The pointer decides where a mouse drop lands; a keyboard drag has no pointer, so its card's rectangle does.
const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length > 0 ? hits : rectIntersection(args);
};

/**
 * The operator's board. A drop the order loop allows runs its command at once, optimistically,
 * and rolls back with the server's message if refused; ship and delivery ask for details first.
 */
export function Board({ initial, filters, shippingOptions }: { initial: BoardData; filters: BoardFilters; shippingOptions: ShippingOption[] }) {
  const [show, setShow] = useState<BoardShow>({});
  const [collapsed, setCollapsed] = useState<Partial<Record<Column, boolean>>>({});
  const [dragging, setDragging] = useState<BoardCard | null>(null);
  const [dialog, setDialog] = useState<DialogMove | null>(null);
  const { toasts, notify, dismiss } = useToasts();

  const { board, refresh, change, snapshot } = useBoardData(initial, filters, show);
  const live = useLiveBoard({ paused: dragging !== null || dialog !== null, onChange: refresh });

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    // Instant scrolling: a smooth scroll would still be moving the lanes when the card is dropped.
    useSensor(KeyboardSensor, { coordinateGetter: columnKeyboardCoordinates, scrollBehavior: "auto" }),
  );

  /** Runs a drop: the card moves at once, and moves back with the server's reason if refused. */
  async function run(move: Move): Promise<void> {
    const { card, to, command } = move;
    const previous = snapshot();
    change((current) => moveCard(current, card.id, to));
    let api: Awaited<ReturnType<typeof loadTrpcClient>> | undefined;
    try {
      api = await loadTrpcClient();
      await send(api.trpcClient, move);
      notify("ok", `${card.number}: ${DONE[command]}.`);
    } catch (error) {
      change(() => previous);
      notify("error", rejectionText(error, card, api?.domainCodeOf(error)));
    } finally {
      void refresh();
    }
  }

  const [allocating, setAllocating] = useState(false);
  async function allocateAll(): Promise<void> {
    setAllocating(true);
    try {
      const { trpcClient } = await loadTrpcClient();
      const result = await trpcClient.orders.allocateReceived.mutate(filters);
      notify(result.refusedCount === 0 ? "ok" : "error", allocateAllText(result));
    } catch (error) {
      notify("error", `Allocate all failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setAllocating(false);
      void refresh();
    }
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    const card = cardOf(active);
    setDragging(null);
    if (!card || !over) return;
    const to = over.id as Column;
    if (boardColumnOf(card.status) === to) return;
    const move = boardMove(card, to);
    if (!move.allowed) return notify("error", `${card.number} cannot move to ${BOARD_COLUMN_LABELS[to]}: ${move.reason}`);
    if (move.command === "ship" || move.command === "confirmDelivery") {
      if (card.fulfillment) setDialog({ command: move.command, card, fulfillment: card.fulfillment });
      return;
    }
    void run({ card, to, command: move.command });
  }

  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up order ${cardOf(active)?.number}. Use left and right arrows to choose a column, space to drop, escape to cancel.`,
    onDragOver: ({ active, over }) => {
      const card = cardOf(active);
      if (!card || !over) return "Not over a column.";
      const to = over.id as Column;
      if (boardColumnOf(card.status) === to) return `Over ${BOARD_COLUMN_LABELS[to]}, where it is now.`;
      const move = boardMove(card, to);
      return move.allowed ? `Over ${BOARD_COLUMN_LABELS[to]}: dropping here will ${WILL[move.command]}.` : `${BOARD_COLUMN_LABELS[to]} will not take it: ${move.reason}`;
    },
    onDragEnd: ({ active, over }) => `Dropped order ${cardOf(active)?.number}${over ? ` on ${BOARD_COLUMN_LABELS[over.id as Column]}` : ""}.`,
    onDragCancel: ({ active }) => `Cancelled. Order ${cardOf(active)?.number} stays where it was.`,
  };

  return (
    <div className="space-y-3">
      <p className="flex items-center gap-2 text-xs text-slate-500" data-testid="live-status" data-connected={live.connected}>
        <span className={`h-2 w-2 rounded-full ${live.connected ? "bg-emerald-500" : "bg-amber-400"}`} aria-hidden />
        {live.connected ? "Live: moves by others appear here as they happen" : "Connecting to live updates…"}
      </p>
      <DndContext
        id="order-board"
        sensors={sensors}
        collisionDetection={collision}
        accessibility={{ announcements }}
        onDragStart={({ active }) => setDragging(cardOf(active) ?? null)}
        onDragCancel={() => setDragging(null)}
        onDragEnd={onDragEnd}
      >
        <div className="-mx-4 flex snap-x gap-3 overflow-x-auto px-4 pb-2 md:mx-0 md:px-0">
          {BOARD_COLUMNS.map((column) => (
            <BoardColumn
              key={column}
              column={column}
              count={board.counts[column]}
              cards={board.cards[column]}
              dragging={dragging}
              collapsed={collapsed[column] ?? false}
              onToggle={column === "inbox" || column === "done" ? () => setCollapsed((c) => ({ ...c, [column]: !c[column] })) : undefined}
              onShowMore={() => setShow((s) => ({ ...s, [column]: (s[column] ?? board.cards[column].length) + 25 }))}
              action={column === "inbox" && board.counts.inbox > 0 ? (
                <button type="button" onClick={() => void allocateAll()} disabled={allocating} className="rounded-md bg-indigo-600 px-2 py-1 text-xs font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
                  {allocating ? "Allocating…" : "Allocate all"}
                </button>
              ) : undefined}
            />
          ))}
        </div>
        <DragOverlay dropAnimation={null}>{dragging ? <CardFace card={dragging} lifted /> : null}</DragOverlay>
      </DndContext>
      {dialog && (
        <Suspense fallback={null}>
          <MoveDialog
            move={dialog}
            shippingOptions={shippingOptions}
            onClose={() => setDialog(null)}
            onShip={(details) => { setDialog(null); void run({ card: dialog.card, to: "shipped", command: "ship", fulfillment: dialog.fulfillment, details }); }}
            onDeliver={(details) => { setDialog(null); void run({ card: dialog.card, to: "done", command: "confirmDelivery", fulfillment: dialog.fulfillment, details }); }}
          />
        </Suspense>
      )}
      <Toasts toasts={toasts} dismiss={dismiss} />
    </div>
  );
}

/** The command behind a drop. */
async function send(client: TrpcClient, move: Move): Promise<void> {
  const order = { orderId: move.card.id, version: move.card.version };
  switch (move.command) {
    case "allocate": return void (await client.orders.allocate.mutate(order));
    case "releaseAllocation": return void (await client.orders.releaseAllocation.mutate(order));
    case "releaseToPicking": return void (await client.orders.releaseToPicking.mutate(order));
    case "ship": return void (await client.fulfillment.ship.mutate({ fulfillmentId: move.fulfillment.id, version: move.fulfillment.version, ...move.details }));
    case "confirmDelivery": return void (await client.fulfillment.confirmDelivery.mutate({ fulfillmentId: move.fulfillment.id, version: move.fulfillment.version, ...move.details }));
  }
}

/** "Allocated 12 of 14 orders (1 with a backorder). Not allocated: 0012: Not enough usable stock…" */
function allocateAllText(result: Awaited<ReturnType<typeof allocateReceived>>): string {
  const backorders = result.withBackorder > 0 ? ` (${result.withBackorder} with a backorder)` : "";
  const head = `Allocated ${result.allocated} of ${result.considered} received orders${backorders}.`;
  const more = result.more ? " More are waiting: press Allocate all again." : "";
  if (result.refusedCount === 0) return head + more;
  const listed = result.refused.slice(0, 3).map((r) => `${r.number ?? r.orderId}: ${r.message}`).join(" ");
  const rest = result.refusedCount > 3 ? ` And ${result.refusedCount - 3} more.` : "";
  return `${head} Not allocated: ${listed}${rest}${more}`;
}

function cardOf(active: { data: { current?: Record<string, unknown> } }): BoardCard | undefined {
  return active.data.current?.card as BoardCard | undefined;
}

/** The server's reason, and for a conflict, that someone else moved the card first. */
function rejectionText(error: unknown, card: BoardCard, code: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  if (code === "VERSION_CONFLICT") return `Conflict: ${card.number} was changed by someone else while you were moving it. It is shown where it really is now. (${message})`;
  return `${card.number} was not moved: ${message}`;
}
