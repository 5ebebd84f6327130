import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../../server/domain/dates";
import { compareFefo, lotUsability, usabilityDate, type LotFacts } from "../../server/domain/lots";

const lot = (over: Partial<LotFacts>): LotFacts => ({ id: "l1", code: "L1", expiresOn: "2027-06-30", receivedOn: "2026-01-01", qcStatus: "RELEASED", ...over });

describe("lot usability", () => {
  it("needs expiry strictly after ship date + minimum shelf life (the boundary day is refused)", () => {
    // ship 2026-11-23 + 30 days = 2026-12-23
    expect(lotUsability(lot({ expiresOn: "2026-12-23" }), "2026-11-23", 30)).toEqual({
      usable: false,
      reason: "expires 2026-12-23, must expire after 2026-12-23 (ship 2026-11-23 + 30 days minimum shelf life)",
    });
    expect(lotUsability(lot({ expiresOn: "2026-12-24" }), "2026-11-23", 30)).toEqual({ usable: true });
  });

  it("refuses a lot that expires on the ship date itself when no shelf life is required", () => {
    expect(lotUsability(lot({ expiresOn: "2026-11-23" }), "2026-11-23", 0).usable).toBe(false);
    expect(lotUsability(lot({ expiresOn: "2026-11-24" }), "2026-11-23", 0).usable).toBe(true);
  });

  it("crosses month and leap-year ends correctly", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2027-12-31", 1)).toBe("2028-01-01");
    expect(lotUsability(lot({ expiresOn: "2028-02-29" }), "2028-01-30", 30).usable).toBe(false);
  });

  it("never uses a lot that is not released, whatever its expiry", () => {
    for (const qcStatus of ["HOLD", "QUARANTINE", "RECALLED"] as const) {
      expect(lotUsability(lot({ qcStatus, expiresOn: null }), "2026-11-23", 0)).toEqual({ usable: false, reason: `QC status is ${qcStatus}` });
    }
  });

  it("accepts a released lot without expiry", () => {
    expect(lotUsability(lot({ expiresOn: null }), "2026-11-23", 365).usable).toBe(true);
  });
});

describe("FEFO order", () => {
  it("puts earliest expiry first, lots without expiry last, then received date, then id", () => {
    const lots = [
      lot({ id: "d", expiresOn: null, receivedOn: "2026-01-01" }),
      lot({ id: "c", expiresOn: "2027-01-01", receivedOn: "2026-03-01" }),
      lot({ id: "b", expiresOn: "2027-01-01", receivedOn: "2026-02-01" }),
      lot({ id: "a2", expiresOn: "2026-12-01", receivedOn: "2026-02-01" }),
      lot({ id: "a1", expiresOn: "2026-12-01", receivedOn: "2026-02-01" }),
    ];
    expect([...lots].sort(compareFefo).map((l) => l.id)).toEqual(["a1", "a2", "b", "c", "d"]);
  });

  const arbLot = fc.record({
    id: fc.uuid(),
    code: fc.constant("L"),
    expiresOn: fc.option(fc.date({ min: new Date("2026-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { nil: null }),
    receivedOn: fc.date({ min: new Date("2025-01-01"), max: new Date("2026-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    qcStatus: fc.constant("RELEASED" as const),
  });

  it("is a total order: antisymmetric and transitive, so every sort agrees", () => {
    fc.assert(
      fc.property(arbLot, arbLot, arbLot, (a, b, c) => {
        expect(Math.sign(compareFefo(a, b))).toBe(-Math.sign(compareFefo(b, a)));
        if (compareFefo(a, b) <= 0 && compareFefo(b, c) <= 0) expect(compareFefo(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it("never ranks a lot without expiry before one with expiry", () => {
    fc.assert(
      fc.property(arbLot, arbLot, (a, b) => {
        if (a.expiresOn === null && b.expiresOn !== null) expect(compareFefo(a, b)).toBeGreaterThan(0);
      }),
    );
  });
});

describe("the date usability is judged on", () => {
  const day = fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

  it("is the later of the planned ship date and today, never earlier than either", () => {
    fc.assert(
      fc.property(day, day, (planned, today) => {
        const on = usabilityDate(planned, today);
        expect(on >= planned && on >= today).toBe(true);
        expect([planned, today]).toContain(on);
      }),
    );
  });

  it("turns a lot that was good on a past plan into an unusable one today", () => {
    const expired = lot({ expiresOn: "2026-11-15" });
    expect(lotUsability(expired, "2026-11-10", 0).usable).toBe(true);
    expect(lotUsability(expired, usabilityDate("2026-11-10", "2026-11-23"), 0).usable).toBe(false);
  });
});
