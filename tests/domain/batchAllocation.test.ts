import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareFairness, planAllocation, planBatchAllocation, type BatchDecision, type LineDemand, type OrderDemand, type StockCandidate } from "../../server/domain/allocation";
import type { QcStatus } from "../../server/domain/lots";

const TODAY = "2026-11-23";
const PRODUCTS = [
  { id: "p1", sku: "SKU-1" },
  { id: "p2", sku: "SKU-2" },
];

// ---------------------------------------------------------------------------------------------
// Examples: the rule as a person states it.

const position = (positionId: string, available: number, over: { productId?: string; lotId?: string; expiresOn?: string | null } = {}): StockCandidate => ({
  positionId,
  productId: over.productId ?? "p1",
  lot: { id: over.lotId ?? `lot-${positionId}`, code: "L", expiresOn: over.expiresOn === undefined ? "2027-06-01" : over.expiresOn, receivedOn: "2026-01-01", qcStatus: "RELEASED" },
  binPickSequence: 1,
  available,
});
const order = (orderId: string, receivedAt: string, quantity: number, over: Partial<OrderDemand> = {}): OrderDemand => ({
  orderId,
  receivedAt: new Date(receivedAt),
  number: `N-${orderId}`,
  acceptsBackorder: false,
  usableOn: TODAY,
  lines: [{ lineId: `${orderId}-l1`, productId: "p1", sku: "SKU-1", quantity, pinnedLotId: null, minShelfLifeDays: 0 }],
  ...over,
});
const byOrder = (decisions: BatchDecision[]) => new Map(decisions.map((d) => [d.orderId, d]));

describe("planBatchAllocation: examples", () => {
  it("two orders racing for 5 units: the older gets them, even listed second", () => {
    const younger = order("young", "2026-11-23T10:00:00Z", 5);
    const older = order("old", "2026-11-23T09:00:00Z", 5);
    const decisions = byOrder(planBatchAllocation([younger, older], [position("a", 5)]));
    expect(decisions.get("old")).toMatchObject({ allocated: true, plan: { reservations: [{ lineId: "old-l1", positionId: "a", quantity: 5, availableBefore: 5 }], shortages: [] } });
    expect(decisions.get("young")).toEqual({ orderId: "young", allocated: false, shortages: [{ sku: "SKU-1", requested: 5, available: 0, short: 5 }] });
  });

  it("an older order that is short and takes no backorder reserves nothing: the younger is served", () => {
    const older = order("old", "2026-11-23T09:00:00Z", 8);
    const younger = order("young", "2026-11-23T10:00:00Z", 4);
    const decisions = byOrder(planBatchAllocation([older, younger], [position("a", 5)]));
    expect(decisions.get("old")).toEqual({ orderId: "old", allocated: false, shortages: [{ sku: "SKU-1", requested: 8, available: 5, short: 3 }] });
    expect(decisions.get("young")).toMatchObject({ allocated: true, plan: { reservations: [{ positionId: "a", quantity: 4, availableBefore: 5 }], shortages: [] } });
  });

  it("an older order that takes backorders reserves what there is; the younger gets the rest or nothing", () => {
    const older = order("old", "2026-11-23T09:00:00Z", 8, { acceptsBackorder: true });
    const younger = order("young", "2026-11-23T10:00:00Z", 1, { acceptsBackorder: true });
    const decisions = byOrder(planBatchAllocation([younger, older], [position("a", 5)]));
    expect(decisions.get("old")).toMatchObject({ allocated: true, plan: { reservations: [{ quantity: 5 }], shortages: [{ sku: "SKU-1", requested: 8, available: 5, short: 3 }] } });
    // Nothing at all was reservable: refused even though it takes backorders.
    expect(decisions.get("young")).toEqual({ orderId: "young", allocated: false, shortages: [{ sku: "SKU-1", requested: 1, available: 0, short: 1 }] });
  });

  it("orders received at the same instant are served by number", () => {
    const at = "2026-11-23T09:00:00Z";
    const decisions = planBatchAllocation([order("b", at, 5, { number: "ORD-0002" }), order("a", at, 5, { number: "ORD-0001" })], [position("a", 5)]);
    expect(decisions.map((d) => [d.orderId, d.allocated])).toEqual([
      ["a", true],
      ["b", false],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties, over small contended batches: two products, a handful of lots and positions with
// a few units each, and orders that together usually want more than there is.

interface Scenario {
  stock: StockCandidate[];
  demands: OrderDemand[];
}

const arbLot = fc.record({
  product: fc.integer({ min: 0, max: PRODUCTS.length - 1 }),
  // 2026-11-30 is usable today but not with 30 days' shelf life, nor for an order shipping in December.
  expiresOn: fc.constantFrom(null, "2026-11-30", "2027-01-10", "2027-06-01"),
  receivedOn: fc.constantFrom("2026-01-01", "2026-06-01"),
  qcStatus: fc.constantFrom<QcStatus>("RELEASED", "RELEASED", "RELEASED", "RELEASED", "HOLD"),
});
const arbPosition = fc.record({ lot: fc.nat(), bin: fc.integer({ min: 1, max: 3 }), available: fc.integer({ min: 0, max: 12 }) });
const arbLine = fc.record({
  product: fc.integer({ min: 0, max: PRODUCTS.length - 1 }),
  quantity: fc.integer({ min: 1, max: 6 }),
  pin: fc.option(fc.nat(), { freq: 5, nil: null }),
  minShelfLifeDays: fc.constantFrom(0, 0, 30),
});
const arbOrder = fc.record({
  // Few distinct instants, so ties (decided by number) are common.
  receivedAt: fc.constantFrom("2026-11-20T08:00:00Z", "2026-11-21T08:00:00Z", "2026-11-21T08:00:00Z", "2026-11-22T08:00:00Z"),
  numberKey: fc.integer({ min: 0, max: 9 }),
  acceptsBackorder: fc.boolean(),
  usableOn: fc.constantFrom(TODAY, TODAY, "2026-12-15"),
  lines: fc.array(arbLine, { minLength: 1, maxLength: 3 }),
});

const arbScenario: fc.Arbitrary<Scenario> = fc
  .record({
    lots: fc.array(arbLot, { minLength: 1, maxLength: 4 }),
    positions: fc.array(arbPosition, { minLength: 2, maxLength: 7 }),
    orders: fc.array(arbOrder, { minLength: 1, maxLength: 6 }),
  })
  .map(({ lots, positions, orders }) => {
    const lotFacts = lots.map((l, i) => ({ productId: PRODUCTS[l.product]!.id, facts: { id: `lot-${i}`, code: `L${i}`, expiresOn: l.expiresOn, receivedOn: l.receivedOn, qcStatus: l.qcStatus } }));
    const stock = positions.map((p, i): StockCandidate => {
      const lot = lotFacts[p.lot % lotFacts.length]!;
      return { positionId: `pos-${i}`, productId: lot.productId, lot: lot.facts, binPickSequence: p.bin, available: p.available };
    });
    const demands = orders.map((o, i): OrderDemand => ({
      orderId: `o-${i}`,
      receivedAt: new Date(o.receivedAt),
      // Unique, but not in the order of the list: the key decides, the index only breaks its ties.
      number: `ORD-${o.numberKey}-${i}`,
      acceptsBackorder: o.acceptsBackorder,
      usableOn: o.usableOn,
      lines: o.lines.map((l, j): LineDemand => {
        const product = PRODUCTS[l.product]!;
        // A pin names a lot of the line's own product (as createOrder requires); with none in stock, a lot nobody holds.
        const ownLots = lotFacts.filter((lot) => lot.productId === product.id);
        const pinnedLotId = l.pin === null ? null : (ownLots[l.pin % Math.max(1, ownLots.length)]?.facts.id ?? "lot-not-held");
        return { lineId: `o-${i}-l${j}`, productId: product.id, sku: product.sku, quantity: l.quantity, pinnedLotId, minShelfLifeDays: l.minShelfLifeDays };
      }),
    }));
    return { stock, demands };
  });

/** Stock as it stands after the given allocated plans took their units. */
function stockLeft(stock: StockCandidate[], taken: BatchDecision[]): StockCandidate[] {
  const left = new Map(stock.map((c) => [c.positionId, c.available]));
  for (const d of taken) if (d.allocated) for (const r of d.plan.reservations) left.set(r.positionId, left.get(r.positionId)! - r.quantity);
  return stock.map((c) => ({ ...c, available: left.get(c.positionId)! }));
}

const oldestFirst = (demands: OrderDemand[]) => [...demands].sort(compareFairness);
const reservedOf = (d: BatchDecision) => (d.allocated ? d.plan.reservations.reduce((n, r) => n + r.quantity, 0) : 0);

/** Sort keys that shuffle a list of up to 8 items. */
const arbShuffle = fc.array(fc.nat(), { minLength: 8, maxLength: 8 });
function shuffled<T>(items: T[], keys: number[]): T[] {
  return items.map((item, i) => ({ item, key: keys[i % keys.length]! * 8 + i })).sort((a, b) => a.key - b.key).map((x) => x.item);
}

const RUNS = { numRuns: 300 };

describe("planBatchAllocation: properties", () => {
  it("the generated batches are contended: refusals, backorders and whole allocations all occur", () => {
    // Guards the generators: were stock plentiful or always empty, the properties below would prove little.
    const seen = { refused: 0, backordered: 0, whole: 0, refusedThenServed: 0 };
    fc.assert(
      fc.property(arbScenario, ({ stock, demands }) => {
        const decisions = planBatchAllocation(demands, stock);
        for (const [i, d] of decisions.entries()) {
          if (!d.allocated) {
            seen.refused++;
            if (decisions.slice(i + 1).some((later) => later.allocated)) seen.refusedThenServed++;
          } else if (d.plan.shortages.length > 0) seen.backordered++;
          else seen.whole++;
        }
      }),
      RUNS,
    );
    for (const [outcome, n] of Object.entries(seen)) expect(n, outcome).toBeGreaterThan(50);
  });

  it("never reserves more at a position than it has, across the whole batch", () => {
    fc.assert(
      fc.property(arbScenario, ({ stock, demands }) => {
        const decisions = planBatchAllocation(demands, stock);
        expect(decisions.map((d) => d.orderId).sort()).toEqual(demands.map((d) => d.orderId).sort());
        const taken = new Map<string, number>();
        for (const d of decisions) {
          if (!d.allocated) continue;
          const lines = new Map(demands.find((x) => x.orderId === d.orderId)!.lines.map((l) => [l.lineId, l]));
          for (const r of d.plan.reservations) {
            expect(r.quantity).toBeGreaterThan(0);
            expect(lines.has(r.lineId), "a reservation belongs to a line of its own order").toBe(true);
            taken.set(r.positionId, (taken.get(r.positionId) ?? 0) + r.quantity);
          }
        }
        for (const c of stock) expect(taken.get(c.positionId) ?? 0, c.positionId).toBeLessThanOrEqual(c.available);
      }),
      RUNS,
    );
  });

  it("decides each order as if allocated alone against what the older orders left (the fairness rule)", () => {
    fc.assert(
      fc.property(arbScenario, ({ stock, demands }) => {
        const decisions = byOrder(planBatchAllocation(demands, stock));
        const decidedBefore: BatchDecision[] = [];
        for (const demand of oldestFirst(demands)) {
          const decision = decisions.get(demand.orderId)!;
          const alone = planAllocation(demand.lines, stockLeft(stock, decidedBefore), demand.usableOn);
          if (decision.allocated) {
            expect(decision.plan).toEqual(alone);
          } else {
            // It really could not be served from what the older orders left.
            expect(alone.shortages.length).toBeGreaterThan(0);
            expect(decision.shortages).toEqual(alone.shortages);
          }
          decidedBefore.push(decision);
        }
      }),
      RUNS,
    );
  });

  it("an order never loses stock to a younger one: younger orders do not change its decision", () => {
    fc.assert(
      fc.property(arbScenario, ({ stock, demands }) => {
        const decisions = byOrder(planBatchAllocation(demands, stock));
        const ordered = oldestFirst(demands);
        for (const [i, demand] of ordered.entries()) {
          const withoutYounger = byOrder(planBatchAllocation(ordered.slice(0, i + 1), stock));
          expect(withoutYounger.get(demand.orderId)).toEqual(decisions.get(demand.orderId));
        }
      }),
      RUNS,
    );
  });

  it("the order of the input does not matter: shuffled orders and stock get the same decisions", () => {
    fc.assert(
      fc.property(arbScenario, arbShuffle, arbShuffle, ({ stock, demands }, orderKeys, stockKeys) => {
        const straight = planBatchAllocation(demands, stock);
        const shuffledDecisions = planBatchAllocation(shuffled(demands, orderKeys), shuffled(stock, stockKeys));
        expect(byOrder(shuffledDecisions)).toEqual(byOrder(straight));
        // Decisions come back oldest first either way.
        expect(shuffledDecisions.map((d) => d.orderId)).toEqual(straight.map((d) => d.orderId));
      }),
      RUNS,
    );
  });

  it("backorders: an order that takes them is allocated with what is reservable and the rest short; one that does not is refused and reserves nothing", () => {
    fc.assert(
      fc.property(arbScenario, fc.boolean(), ({ stock, demands }, acceptsBackorder) => {
        // The oldest order meets the whole stock, so what it could reserve is known without the batch.
        const [oldest, ...younger] = oldestFirst(demands);
        const subject = { ...oldest!, acceptsBackorder };
        const batch = [...younger, subject];
        const decision = byOrder(planBatchAllocation(batch, stock)).get(subject.orderId)!;
        const alone = planAllocation(subject.lines, stock, subject.usableOn);
        const requested = subject.lines.reduce((n, l) => n + l.quantity, 0);

        if (alone.shortages.length === 0) {
          expect(decision).toMatchObject({ allocated: true, plan: { shortages: [] } });
          expect(reservedOf(decision)).toBe(requested);
        } else if (acceptsBackorder && alone.reservations.length > 0) {
          expect(decision.allocated).toBe(true);
          if (!decision.allocated) return;
          expect(decision.plan.shortages).toEqual(alone.shortages);
          // Reserved and backordered together are what was asked, per line.
          for (const line of subject.lines) {
            const reserved = decision.plan.reservations.filter((r) => r.lineId === line.lineId).reduce((n, r) => n + r.quantity, 0);
            expect(reserved + decision.plan.unreserved.get(line.lineId)!).toBe(line.quantity);
          }
          expect(reservedOf(decision) + decision.plan.shortages.reduce((n, s) => n + s.short, 0)).toBe(requested);
        } else {
          expect(decision).toEqual({ orderId: subject.orderId, allocated: false, shortages: alone.shortages });
        }

        // A refused order reserves nothing: the others decide exactly as if it had not been asked.
        if (!decision.allocated) {
          const others = byOrder(planBatchAllocation(younger, stock));
          const withIt = byOrder(planBatchAllocation(batch, stock));
          withIt.delete(subject.orderId);
          expect(withIt).toEqual(others);
        }
      }),
      RUNS,
    );
  });

  it("any refused order, oldest or not, leaves the others' decisions as they would be without it", () => {
    fc.assert(
      fc.property(arbScenario, ({ stock, demands }) => {
        const decisions = byOrder(planBatchAllocation(demands, stock));
        for (const refused of [...decisions.values()].filter((d) => !d.allocated)) {
          const without = byOrder(planBatchAllocation(demands.filter((d) => d.orderId !== refused.orderId), stock));
          const rest = new Map(decisions);
          rest.delete(refused.orderId);
          expect(rest).toEqual(without);
        }
      }),
      RUNS,
    );
  });
});
