import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PAYMENT_TERMS, termsOverride } from "../../server/domain/commercial";

describe("what an order sets apart from the price list and the account", () => {
  it("is nothing when prices are absent or equal to the list and terms are the account's", () => {
    expect(termsOverride([{ sku: "A", listPriceMinor: 100, requestedPriceMinor: undefined }, { sku: "B", listPriceMinor: 50, requestedPriceMinor: 50 }], "NET_30", "NET_30")).toBeNull();
    expect(termsOverride([{ sku: "A", listPriceMinor: 100, requestedPriceMinor: undefined }], null, undefined)).toBeNull();
  });

  it("names every line whose price differs, and terms other than the account's", () => {
    expect(termsOverride([{ sku: "A", listPriceMinor: 100, requestedPriceMinor: 100 }, { sku: "B", listPriceMinor: 50, requestedPriceMinor: 0 }], "NET_30", "NET_60")).toEqual({
      prices: [{ line: 2, sku: "B", listPriceMinor: 50, unitPriceMinor: 0 }],
      paymentTerms: { account: "NET_30", order: "NET_60" },
    });
  });

  it("finds an override exactly when some price or the terms differ", () => {
    const line = fc.record({ sku: fc.constantFrom("A", "B"), listPriceMinor: fc.integer({ min: 0, max: 5 }), requestedPriceMinor: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }) });
    const terms = fc.constantFrom(...PAYMENT_TERMS);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), fc.option(terms, { nil: null }), fc.option(terms, { nil: undefined }), (lines, account, requested) => {
        const differs = lines.some((l) => l.requestedPriceMinor !== undefined && l.requestedPriceMinor !== l.listPriceMinor) || (requested !== undefined && requested !== account);
        expect(termsOverride(lines, account, requested) !== null).toBe(differs);
      }),
    );
  });
});
