import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { X12EnvelopeError, parseInterchange, type PurchaseOrderResult } from "../../server/integrations/edi";

const twoSets = readFileSync("tests/fixtures/edi/850-two-sets.edi", "utf8");

function sets(raw: string): PurchaseOrderResult[] {
  return parseInterchange(raw).groups[0]!.sets;
}
/** One good set wrapped in an envelope: the fixture's first set alone, with its GE count fixed. */
function oneSet(body: string): string {
  const [head] = twoSets.split("ST*850*0001~");
  return `${head}${body}GE*1*77~\nIEA*1*000000101~\n`;
}
const goodSet = twoSets.slice(twoSets.indexOf("ST*850*0001~"), twoSets.indexOf("ST*850*0002~"));

describe("parseInterchange: envelope", () => {
  it("reads the ISA sender, receiver, control number, usage and separators, and the GS fields", () => {
    const interchange = parseInterchange(twoSets);
    expect(interchange).toMatchObject({
      sender: { qualifier: "ZZ", id: "ACMEBUYER" },
      receiver: { qualifier: "ZZ", id: "LOOPLINE" },
      interchangeControl: "000000101",
      usage: "T",
      separators: { element: "*", subElement: ">", segment: "~" },
    });
    expect(interchange.groups).toHaveLength(1);
    expect(interchange.groups[0]).toMatchObject({ functionalId: "PO", applicationSender: "ACMEBUYER", applicationReceiver: "LOOPLINE", groupControl: "77", version: "004010", setsIncluded: 2, errors: [] });
  });

  it.each([
    ["no ISA", "GS*PO*A*B*20260302*1200*77*X*004010~", /does not start with an ISA/],
    ["a truncated ISA", twoSets.slice(0, 60), /cut short: the ISA segment alone is 106 characters and only 60/],
    ["no IEA", twoSets.slice(0, twoSets.indexOf("GE*2*77~")), /cut short/],
    ["a badly padded ISA", twoSets.replace("ZZ*ACMEBUYER      *", "ZZ*ACMEBUYER*"), /ISA segment is not 106 characters long/],
  ])("throws X12EnvelopeError for %s", (_what, raw, message) => {
    expect(() => parseInterchange(raw)).toThrow(X12EnvelopeError);
    expect(() => parseInterchange(raw)).toThrow(message);
  });

  it("notes a GE01 that miscounts the sets as a group error (AK9 code 5)", () => {
    const groups = parseInterchange(twoSets.replace("GE*2*77~", "GE*3*77~")).groups;
    expect(groups[0]!.errors).toEqual([{ message: "GE01 says 3 transaction sets but the group holds 2", code: "5" }]);
  });
});

describe("parseInterchange: 850 mapping", () => {
  it("maps the good set to a draft and rejects the bad one, naming the CTT count and the unit", () => {
    const [good, bad] = sets(twoSets);
    expect(good).toEqual({
      ok: true,
      setId: "850",
      setControl: "0001",
      draft: {
        reference: "PO-4471",
        buyerPo: "PO-4471",
        customerName: "Acme Retail Corp",
        shipTo: { name: "Acme Store 42, Receiving Dock B", line1: "1200 Market Street", line2: "Suite 5", city: "Springfield", region: "IL", postalCode: "62701", country: "US" },
        orderDate: "2026-03-01",
        deliveryWindow: { start: "2026-03-10", end: "2026-03-14" },
        requestedNetDays: 30,
        currency: "USD",
        lines: [
          { lineNo: 1, itemKeys: ["R5656-2", "012345678905", "ROSE-50"], title: "Rose serum 50 ml", quantity: 12, uom: "CASE", unitPriceMinor: 2450, packSize: 6 },
          { lineNo: 2, itemKeys: ["L1010", "LAV-10"], title: "Lavender soap 10 g", quantity: 40, uom: "EACH", unitPriceMinor: 325 },
        ],
      },
    });
    expect(good!.ok && good!.draft.accountCode).toBeUndefined();
    expect(bad!.ok).toBe(false);
    if (bad!.ok) return;
    expect(bad!.setControl).toBe("0002");
    expect(bad!.errors).toEqual([
      expect.objectContaining({ message: "line 1: unit of measure BX is not one we take (EA each, CA case, PL pallet)", segmentId: "PO1", segmentPosition: 6, elementPosition: 3, elementErrorCode: "7", badValue: "BX" }),
      expect.objectContaining({ message: "CTT01 says 3 lines but the PO has 2 PO1 segments", segmentId: "CTT", segmentPosition: 8, elementPosition: 1 }),
    ]);
  });

  it("honours the separators the ISA declares: | elements, newline segments, ^ sub-elements", () => {
    const custom = twoSets.replaceAll("*", "|").replaceAll("~\n", "\n").replace("|>\n", "|^\n");
    const interchange = parseInterchange(custom);
    expect(interchange.separators).toEqual({ element: "|", subElement: "^", segment: "\n" });
    expect(interchange.groups[0]!.sets.map((s) => s.ok)).toEqual([true, false]);
    expect(interchange.groups[0]!.sets[0]).toEqual(sets(twoSets)[0]);
  });

  it("reads CRLF after each segment terminator and a leading byte-order mark the same way", () => {
    expect(sets(`\uFEFF${twoSets.replaceAll("~\n", "~\r\n")}`)).toEqual(sets(twoSets));
  });

  it("rejects a set without a ship-to, and a wrong SE01 or SE02, on that set only", () => {
    const noShipTo = goodSet.replace(/N1\*ST[^~]*~\nN2[^~]*~\nN3[^~]*~\nN4[^~]*~\n/, "").replace("SE*18*", "SE*14*");
    const [result] = sets(oneSet(noShipTo));
    expect(result).toMatchObject({ ok: false, errors: [{ message: "no ship-to address: the PO has no N1*ST loop", segmentId: "N1", segmentErrorCode: "3" }] });

    const [miscounted] = sets(oneSet(goodSet.replace("SE*18*0001", "SE*17*0009")));
    expect(miscounted).toMatchObject({ ok: false, errors: [{ message: "SE01 says 17 segments but the set has 18 (ST to SE)", setErrorCode: "4" }, { message: "SE02 control number 0009 does not match ST02 0001", setErrorCode: "3" }] });
  });

  it.each([
    ["an impossible PO date", [["BEG*00*SA*PO-4471**20260301~", "BEG*00*SA*PO-4471**20260230~"]], "the PO date (BEG05) 20260230 is not a real date (CCYYMMDD)"],
    ["a window ending before it starts", [["DTM*038*20260314~", "DTM*038*20260309~"]], "the delivery window ends (2026-03-09) before it starts (2026-03-10)"],
    ["a fractional quantity", [["PO1*2*40*EA", "PO1*2*39.5*EA"], ["CTT*2*52~", "CTT*2*51.5~"]], "line 2: quantity 39.5 is not a positive whole number"],
    ["a price in fractions of a cent", [["*3.2500**", "*3.2550**"]], "line 2: unit price 3.2550 has fractions of a cent; prices are taken in whole cents"],
    ["a CTT02 hash total that does not add up", [["CTT*2*52~", "CTT*2*50~"]], "CTT02 hash total 50 does not match the PO1 quantities, which add up to 52"],
  ])("rejects %s with a message that says so", (_what, edits, message) => {
    const [result] = sets(oneSet(edits.reduce((set, [from, to]) => set.replace(from!, to!), goodSet)));
    expect(result!.ok).toBe(false);
    expect(!result!.ok && result!.errors.map((e) => e.message)).toEqual([message]);
  });

  it("takes 40.0 as the whole quantity 40", () => {
    expect(sets(oneSet(goodSet.replace("PO1*2*40*EA", "PO1*2*40.0*EA")))[0]).toMatchObject({ ok: true, draft: { lines: [{ quantity: 12 }, { quantity: 40 }] } });
  });

  it("takes DTM 002 alone as a one-day window and 063/064 as its bounds", () => {
    const only002 = goodSet.replace("DTM*037*20260310~\nDTM*038*20260314~", "DTM*002*20260312~").replace("SE*18*", "SE*17*");
    expect(sets(oneSet(only002))[0]).toMatchObject({ ok: true, draft: { deliveryWindow: { start: "2026-03-12", end: "2026-03-12" } } });
    const deliver = goodSet.replace("DTM*037*20260310~\nDTM*038*20260314~", "DTM*064*20260311~\nDTM*063*20260320~");
    expect(sets(oneSet(deliver))[0]).toMatchObject({ ok: true, draft: { deliveryWindow: { start: "2026-03-11", end: "2026-03-20" } } });
  });
});
