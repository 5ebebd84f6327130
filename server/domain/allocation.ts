import type { IsoDate } from "./dates";
import type { Shortage } from "./errors";
import { compareFefo, lotUsability, type LotFacts } from "./lots";

/** Stock at one position (warehouse, bin, SKU, lot), as read under lock. */
export interface StockCandidate {
  positionId: string;
  productId: string;
  lot: LotFacts;
  binPickSequence: number;
  /** on hand − reserved by others. */
  available: number;
}

export interface LineDemand {
  lineId: string;
  productId: string;
  sku: string;
  /** Base units still to reserve for this line. */
  quantity: number;
  pinnedLotId: string | null;
  minShelfLifeDays: number;
}

export interface PlannedReservation {
  lineId: string;
  positionId: string;
  lotId: string;
  quantity: number;
  /** Free at this position just before this reservation: the panel shows before, reserved, after. */
  availableBefore: number;
}

export interface AllocationPlan {
  reservations: PlannedReservation[];
  /** Per line: base units that could not be reserved. */
  unreserved: Map<string, number>;
  /** Per SKU, only where something is short. */
  shortages: Shortage[];
}

/** FEFO across lots, then the bin's walking order, then position id: one total order. */
export function compareCandidates(a: StockCandidate, b: StockCandidate): number {
  return compareFefo(a.lot, b.lot) || a.binPickSequence - b.binPickSequence || (a.positionId < b.positionId ? -1 : a.positionId > b.positionId ? 1 : 0);
}

/**
 * Reserve each line from usable stock in FEFO order. Pinned lines go first: they have no
 * alternative, so unpinned lines must not eat their lot. Lines of the same SKU share stock.
 */
export function planAllocation(lines: LineDemand[], stock: StockCandidate[], plannedShipDate: IsoDate): AllocationPlan {
  const remaining = new Map(stock.map((c) => [c.positionId, c.available]));
  const sorted = [...stock].sort(compareCandidates);
  const ordered = [...lines].sort((a, b) => Number(b.pinnedLotId !== null) - Number(a.pinnedLotId !== null));

  const reservations: PlannedReservation[] = [];
  const unreserved = new Map<string, number>();
  const perSku = new Map<string, { requested: number; reserved: number }>();

  for (const line of ordered) {
    let need = line.quantity;
    for (const c of sorted) {
      if (need === 0) break;
      if (c.productId !== line.productId) continue;
      if (line.pinnedLotId !== null && c.lot.id !== line.pinnedLotId) continue;
      if (!lotUsability(c.lot, plannedShipDate, line.minShelfLifeDays).usable) continue;
      const free = remaining.get(c.positionId) ?? 0;
      if (free <= 0) continue;
      const take = Math.min(free, need);
      remaining.set(c.positionId, free - take);
      reservations.push({ lineId: line.lineId, positionId: c.positionId, lotId: c.lot.id, quantity: take, availableBefore: free });
      need -= take;
    }
    unreserved.set(line.lineId, need);
    const sku = perSku.get(line.sku) ?? { requested: 0, reserved: 0 };
    sku.requested += line.quantity;
    sku.reserved += line.quantity - need;
    perSku.set(line.sku, sku);
  }

  const shortages: Shortage[] = [...perSku]
    .filter(([, s]) => s.reserved < s.requested)
    .map(([sku, s]) => ({ sku, requested: s.requested, available: s.reserved, short: s.requested - s.reserved }));

  return { reservations, unreserved, shortages };
}
