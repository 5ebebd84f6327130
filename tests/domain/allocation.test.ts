import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planAllocation, type LineDemand, type StockCandidate } from "../../server/domain/allocation";
import type { QcStatus } from "../../server/domain/lots";

const SHIP = "2026-11-23";
const stock = (positionId: string, lotId: string, available: number, over: { expiresOn?: string | null; bin?: number; productId?: string; qc?: QcStatus } = {}): StockCandidate => ({
  positionId,
  productId: over.productId ?? "p1",
  lot: { id: lotId, code: lotId.toUpperCase(), expiresOn: over.expiresOn === undefined ? "2027-06-01" : over.expiresOn, receivedOn: "2026-01-01", qcStatus: over.qc ?? "RELEASED" },
  binPickSequence: over.bin ?? 1,
  available,
});
const line = (lineId: string, quantity: number, over: Partial<LineDemand> = {}): LineDemand => ({ lineId, productId: "p1", sku: "SKU-1", quantity, pinnedLotId: null, minShelfLifeDays: 0, ...over });

describe("planAllocation", () => {
  it("takes the earliest-expiring usable lot first and spills over to the next", () => {
    const plan = planAllocation(
      [line("l1", 8)],
      [stock("late", "lot-late", 10, { expiresOn: "2027-09-01" }), stock("early", "lot-early", 5, { expiresOn: "2027-01-01" })],
      SHIP,
    );
    expect(plan.reservations).toEqual([
      { lineId: "l1", positionId: "early", lotId: "lot-early", quantity: 5, availableBefore: 5 },
      { lineId: "l1", positionId: "late", lotId: "lot-late", quantity: 3, availableBefore: 10 },
    ]);
    expect(plan.shortages).toEqual([]);
  });

  it("skips lots on hold, expired, or too close to expiry for the shelf-life rule", () => {
    const plan = planAllocation(
      [line("l1", 4, { minShelfLifeDays: 60 })],
      [
        stock("held", "held", 10, { qc: "HOLD", expiresOn: "2027-01-01" }),
        stock("expired", "expired", 10, { expiresOn: "2026-10-01" }),
        stock("short-life", "short-life", 10, { expiresOn: "2027-01-22" }), // exactly ship + 60: refused
        stock("good", "good", 10, { expiresOn: "2027-01-23" }),
      ],
      SHIP,
    );
    expect(plan.reservations.map((r) => r.positionId)).toEqual(["good"]);
  });

  it("walks bins in pick sequence within one lot", () => {
    const plan = planAllocation([line("l1", 6)], [stock("far", "lot", 5, { bin: 9 }), stock("near", "lot", 5, { bin: 2 })], SHIP);
    expect(plan.reservations.map((r) => [r.positionId, r.quantity])).toEqual([["near", 5], ["far", 1]]);
  });

  it("serves pinned lines first so an unpinned line cannot eat the pinned lot", () => {
    const plan = planAllocation(
      [line("free", 5), line("pinned", 5, { pinnedLotId: "early" })],
      [stock("e", "early", 5, { expiresOn: "2027-01-01" }), stock("l", "late", 5, { expiresOn: "2027-05-01" })],
      SHIP,
    );
    expect(plan.reservations.find((r) => r.lineId === "pinned")?.lotId).toBe("early");
    expect(plan.reservations.find((r) => r.lineId === "free")?.lotId).toBe("late");
    expect(plan.shortages).toEqual([]);
  });

  it("never takes a pinned line from another lot, and reports the shortage per SKU", () => {
    const plan = planAllocation([line("l1", 4, { pinnedLotId: "a" }), line("l2", 3, { pinnedLotId: "a" })], [stock("a", "a", 5), stock("b", "b", 50)], SHIP);
    expect(plan.reservations.every((r) => r.lotId === "a")).toBe(true);
    expect(plan.shortages).toEqual([{ sku: "SKU-1", requested: 7, available: 5, short: 2 }]);
    expect(plan.unreserved.get("l2")).toBe(2);
  });

  const arbStock = fc.array(
    fc.record({
      positionId: fc.uuid(),
      productId: fc.constantFrom("p1", "p2"),
      lot: fc.record({
        id: fc.constantFrom("a", "b", "c", "d"),
        code: fc.constant("L"),
        expiresOn: fc.option(fc.constantFrom("2026-11-20", "2026-12-01", "2027-03-01", "2028-01-01"), { nil: null }),
        receivedOn: fc.constantFrom("2026-01-01", "2026-06-01"),
        qcStatus: fc.constantFrom("RELEASED", "RELEASED", "HOLD", "RECALLED") as fc.Arbitrary<QcStatus>,
      }),
      binPickSequence: fc.integer({ min: 1, max: 5 }),
      available: fc.integer({ min: 0, max: 20 }),
    }),
    { maxLength: 12 },
  );
  const arbLines = fc.array(
    fc.record({
      lineId: fc.uuid(),
      productId: fc.constantFrom("p1", "p2"),
      sku: fc.constant("SKU"),
      quantity: fc.integer({ min: 1, max: 30 }),
      pinnedLotId: fc.option(fc.constantFrom("a", "b"), { nil: null }),
      minShelfLifeDays: fc.constantFrom(0, 30, 120),
    }),
    { minLength: 1, maxLength: 5 },
  );

  it("never reserves more than a position has, never more than a line asks, and only usable matching stock", () => {
    fc.assert(
      fc.property(arbStock, arbLines, (candidates, lines) => {
        const plan = planAllocation(lines, candidates, SHIP);
        const byPosition = new Map(candidates.map((c) => [c.positionId, c]));
        const takenPerPosition = new Map<string, number>();
        for (const r of plan.reservations) {
          const c = byPosition.get(r.positionId)!;
          const l = lines.find((x) => x.lineId === r.lineId)!;
          expect(r.quantity).toBeGreaterThan(0);
          expect(c.productId).toBe(l.productId);
          if (l.pinnedLotId) expect(c.lot.id).toBe(l.pinnedLotId);
          expect(c.lot.qcStatus).toBe("RELEASED");
          takenPerPosition.set(r.positionId, (takenPerPosition.get(r.positionId) ?? 0) + r.quantity);
        }
        for (const [id, taken] of takenPerPosition) expect(taken).toBeLessThanOrEqual(byPosition.get(id)!.available);
        for (const l of lines) {
          const reserved = plan.reservations.filter((r) => r.lineId === l.lineId).reduce((n, r) => n + r.quantity, 0);
          expect(reserved + plan.unreserved.get(l.lineId)!).toBe(l.quantity);
        }
      }),
    );
  });
});
