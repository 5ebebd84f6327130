import { BOARD_COLUMNS, boardColumnOf, type BoardColumn } from "@/server/domain/board";
import type { Board, BoardCard } from "@/server/services/orders/board";

/**
 * The board as it will look once a move succeeds: the card leaves its column and heads the
 * target one, and both counts follow. Used for the optimistic move; the server's answer (or
 * the rollback) replaces it.
 */
export function moveCard(board: Board, cardId: string, to: BoardColumn): Board {
  const card = findCard(board, cardId);
  const from = card && boardColumnOf(card.status);
  if (!card || !from || from === to) return board;
  const moved: BoardCard = { ...card, status: OPTIMISTIC_STATE[to] };
  return {
    counts: { ...board.counts, [from]: board.counts[from] - 1, [to]: board.counts[to] + 1 },
    cards: { ...board.cards, [from]: board.cards[from].filter((c) => c.id !== cardId), [to]: [moved, ...board.cards[to]] },
  };
}

export function findCard(board: Board, cardId: string): BoardCard | undefined {
  for (const column of BOARD_COLUMNS) {
    const card = board.cards[column].find((c) => c.id === cardId);
    if (card) return card;
  }
  return undefined;
}

// The state a card shows until the server answers: the column's first state.
const OPTIMISTIC_STATE = { inbox: "RECEIVED", allocated: "ALLOCATED", fulfillment: "FULFILLMENT_QUEUED", shipped: "SHIPPED", done: "DELIVERED" } as const satisfies Record<BoardColumn, BoardCard["status"]>;
