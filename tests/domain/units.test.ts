import { describe, expect, it } from "vitest";
import { BadInput } from "../../server/domain/errors";
import { formatMoney } from "../../server/domain/money";
import { toBaseUnits } from "../../server/domain/units";

describe("units and money", () => {
  const serum = { sku: "LMB-BRS-001", casePackQty: 12, palletQty: 480 };

  it("converts cases and pallets to base units with the product's pack sizes", () => {
    expect(toBaseUnits(4, "CASE", serum, "lines[0].uom")).toBe(48);
    expect(toBaseUnits(1, "PALLET", serum, "lines[0].uom")).toBe(480);
    expect(toBaseUnits(7, "EACH", serum, "lines[0].uom")).toBe(7);
  });

  it("refuses a case quantity for a product without a case size, naming the field", () => {
    expect(() => toBaseUnits(1, "CASE", { sku: "X", casePackQty: null, palletQty: null }, "lines[2].uom")).toThrow(BadInput);
    expect(() => toBaseUnits(1, "CASE", { sku: "X", casePackQty: null, palletQty: null }, "lines[2].uom")).toThrow(/lines\[2\]\.uom: X has no case size/);
  });

  it("formats integer minor units in the currency's own decimals", () => {
    expect(formatMoney(123456, "USD")).toBe("$1,234.56");
    expect(formatMoney(500, "JPY")).toBe("¥500");
  });
});
