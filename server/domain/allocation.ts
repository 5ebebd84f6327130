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

/** One order of a batch: its open lines and what decides its turn. */
export interface OrderDemand {
  orderId: string;
  /** When the order came in: the batch serves the oldest first. */
  receivedAt: Date;
  number: string;
  acceptsBackorder: boolean;
  /** The date its lots must still be usable on: max(planned ship date, today). */
  usableOn: IsoDate;
  lines: LineDemand[];
}

export type BatchDecision =
  | { orderId: string; allocated: true; plan: AllocationPlan }
  | { orderId: string; allocated: false; shortages: Shortage[] };

/**
 * The fairness rule of batched allocation: oldest order first (received time, then number). A
 * batch decides exactly as if its orders had been allocated one at a time in that order, so an
 * order never loses stock to a younger one; an order that is refused short reserves nothing, and
 * the younger orders behind it may still be served from what it could not use.
 */
export function compareFairness(a: OrderDemand, b: OrderDemand): number {
  return a.receivedAt.getTime() - b.receivedAt.getTime() || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);
}

/**
 * Plans a batch of orders over one warehouse's locked stock, under the fairness rule. Each
 * order's outcome is its own: refused with its shortage (when it takes no backorder, or nothing
 * at all could be reserved), or allocated, wholly or with the rest backordered.
 */
export function planBatchAllocation(demands: OrderDemand[], stock: StockCandidate[]): BatchDecision[] {
  const available = new Map(stock.map((c) => [c.positionId, c.available]));
  const stockOf = new Map<string, StockCandidate[]>();
  for (const c of stock) {
    const list = stockOf.get(c.productId);
    if (list) list.push(c);
    else stockOf.set(c.productId, [c]);
  }
  return [...demands].sort(compareFairness).map((demand): BatchDecision => {
    const products = new Set(demand.lines.map((l) => l.productId));
    const candidates = [...products].flatMap((id) => stockOf.get(id) ?? []).map((c) => ({ ...c, available: available.get(c.positionId)! }));
    const plan = planAllocation(demand.lines, candidates, demand.usableOn);
    if (plan.shortages.length > 0 && (!demand.acceptsBackorder || plan.reservations.length === 0)) {
      return { orderId: demand.orderId, allocated: false, shortages: plan.shortages };
    }
    for (const r of plan.reservations) available.set(r.positionId, available.get(r.positionId)! - r.quantity);
    return { orderId: demand.orderId, allocated: true, plan };
  });
}
