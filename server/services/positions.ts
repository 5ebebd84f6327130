import { inArray, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { bins, inventoryPositions, lots } from "../../db/schema";
import { rowsTable } from "./rowsTable";

/** The lot facts FEFO and the usability rule need, as a select shape (join lots). */
export const lotFacts = { id: lots.id, code: lots.code, expiresOn: lots.expiresOn, receivedOn: lots.receivedOn, qcStatus: lots.qcStatus };

/** A position as an allocation candidate, as a select shape (join lots and bins). */
export const stockCandidateFields = {
  positionId: inventoryPositions.id,
  productId: inventoryPositions.productId,
  onHand: inventoryPositions.onHand,
  reserved: inventoryPositions.reserved,
  binPickSequence: bins.pickSequence,
  lot: lotFacts,
};

/**
 * Every command that touches positions locks them in id order first, so two transactions
 * always queue on positions in the same order and can never deadlock each other.
 */
export async function lockPositionsInOrder(tx: Tx, positionIds: string[]): Promise<void> {
  if (positionIds.length === 0) return;
  await tx
    .select({ id: inventoryPositions.id })
    .from(inventoryPositions)
    .where(inArray(inventoryPositions.id, [...new Set(positionIds)]))
    .orderBy(inventoryPositions.id)
    .for("update");
}

/** Adds `delta` to reserved per position in one statement (delta may be negative). */
export async function adjustReserved(tx: Tx, deltas: Map<string, number>): Promise<void> {
  if (deltas.size === 0) return;
  const rows = rowsTable("v", { id: "uuid", delta: "int" }, [...deltas].map(([id, delta]) => ({ id, delta })));
  await tx.execute(sql`
    update inventory_positions p set reserved = p.reserved + v.delta, updated_at = now()
    from ${rows} where p.id = v.id`);
}

export function sumBy<T>(items: T[], key: (t: T) => string, value: (t: T) => number): Map<string, number> {
  const totals = new Map<string, number>();
  for (const item of items) totals.set(key(item), (totals.get(key(item)) ?? 0) + value(item));
  return totals;
}
