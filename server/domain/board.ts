import type { FulfillmentState } from "./fulfillmentLoop";
import type { OrderState } from "./orderLoop";

/**
 * The operator's board: the order loop as columns. Received is the inbox before the main lanes,
 * Done (delivered and closed) the collapsible lane after them. Cancelled orders are not on it.
 */
export const BOARD_COLUMNS = ["inbox", "allocated", "fulfillment", "shipped", "done"] as const;
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

export const BOARD_COLUMN_STATES: Record<BoardColumn, readonly OrderState[]> = {
  inbox: ["RECEIVED"],
  allocated: ["ALLOCATED"],
  fulfillment: ["FULFILLMENT_QUEUED"],
  // Partly shipped orders have parcels on the road; their backorder shows as a badge.
  shipped: ["SHIPPED", "PARTIALLY_SHIPPED"],
  done: ["DELIVERED", "CLOSED"],
};

export const BOARD_COLUMN_LABELS: Record<BoardColumn, string> = {
  inbox: "Received",
  allocated: "Allocated",
  fulfillment: "In Fulfillment",
  shipped: "Shipped",
  done: "Delivered / Closed",
};

export function boardColumnOf(state: OrderState): BoardColumn | null {
  return BOARD_COLUMNS.find((c) => BOARD_COLUMN_STATES[c].includes(state)) ?? null;
}

/** What the board knows about a card: enough to decide a drop without asking the server. */
export interface BoardCardState {
  status: OrderState;
  /** The fulfillment the order is working on (open, or shipped and awaiting delivery). */
  fulfillment: { number: string; status: FulfillmentState } | null;
}

/** The command a drop runs. Ship and deliver ask for details in a dialog first. */
export type BoardCommand = "allocate" | "releaseAllocation" | "releaseToPicking" | "ship" | "confirmDelivery";

export type BoardMove = { allowed: true; command: BoardCommand } | { allowed: false; reason: string };

const FULFILLMENT_LABELS: Record<FulfillmentState, string> = {
  ALLOCATED: "waiting for its pick list",
  PICKING: "being picked",
  PACKED: "packed",
  SHIPPED: "shipped",
  DELIVERED: "delivered",
  CLOSED: "closed",
  EXCEPTION: "in exception",
  CANCELLED: "cancelled",
};

/**
 * Whether a card may be dropped on a column, and which command that runs; or, why not, in the
 * loop's words. The server checks every rule again; this only lets the column say no at once.
 */
export function boardMove(card: BoardCardState, to: BoardColumn): BoardMove {
  const from = boardColumnOf(card.status);
  if (from === null) return { allowed: false, reason: `A ${card.status.toLowerCase()} order is off the board.` };
  if (from === to) return { allowed: false, reason: `It is already ${BOARD_COLUMN_LABELS[to]}.` };
  const refuse = (reason: string): BoardMove => ({ allowed: false, reason });
  const run = (command: BoardCommand): BoardMove => ({ allowed: true, command });

  switch (`${from}->${to}`) {
    case "inbox->allocated":
      return run("allocate");
    case "allocated->inbox":
      return run("releaseAllocation");
    case "allocated->fulfillment":
      return run("releaseToPicking");
    case "fulfillment->shipped": {
      const f = card.fulfillment;
      if (f?.status === "PACKED") return run("ship");
      if (!f) return refuse("It has no open fulfillment to ship.");
      return refuse(`Only a packed fulfillment ships: ${f.number} is ${FULFILLMENT_LABELS[f.status]}.`);
    }
    case "shipped->done":
      if (card.fulfillment?.status === "SHIPPED") return run("confirmDelivery");
      return refuse("Nothing shipped is waiting for delivery.");
  }
  if (from === "shipped" || from === "done") return refuse("Shipped orders cannot move back: that is a return.");
  if (from === "fulfillment" && (to === "allocated" || to === "inbox")) return refuse("Cancel its fulfillment on the fulfillment page first; the stock stays reserved.");
  if (to === "done") return refuse("Only a shipped order can be delivered.");
  if (to === "shipped") return refuse("Only an order in fulfillment, packed, can ship.");
  return refuse("Allocate stock before it goes to fulfillment.");
}
