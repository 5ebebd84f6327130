import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { build810, build856, build997, isValidSscc18, parseInterchange, sscc18, type OutboundEnvelope, type ShipNoticeInput } from "../../server/integrations/edi";
import { readBack } from "../fixtures/edi/readBack";

const envelope: OutboundEnvelope = {
  sender: { qualifier: "ZZ", id: "LOOPLINE" },
  receiver: { qualifier: "ZZ", id: "ACMEBUYER" },
  interchangeControl: 905,
  groupControl: 31,
  usage: "P",
  date: "2026-03-12",
  time: "16:45",
};
const address = (name: string, city: string) => ({ name, line1: "1 Main St", city, region: "IL", postalCode: "62701", country: "US" });

describe("build997", () => {
  it("acknowledges the two-set group: AK5*A for the good set, AK5*R with AK3/AK4 for the bad, AK9*P 2/2/1", () => {
    const group = parseInterchange(readFileSync("tests/fixtures/edi/850-two-sets.edi", "utf8")).groups[0]!;
    const edi = build997({
      envelope,
      setControl: 1,
      group: {
        functionalId: group.functionalId,
        groupControl: group.groupControl,
        setsIncluded: group.setsIncluded,
        sets: group.sets.map((s) => ({ setId: s.setId, setControl: s.setControl, errors: s.ok ? [] : s.errors })),
      },
    });
    const { interchange, rows, se } = readBack(edi);
    expect(edi.indexOf("~GS*")).toBe(105);
    expect(interchange.header.valueOf(13)).toBe("905");
    expect(edi).toContain("*000000905*0*P*>~");
    expect(rows).toEqual([
      ["AK1", "PO", "77"],
      ["AK2", "850", "0001"],
      ["AK5", "A"],
      ["AK2", "850", "0002"],
      ["AK3", "PO1", "6", "PO1", "8"],
      ["AK4", "3", "355", "7", "BX"],
      ["AK3", "CTT", "8", "", "8"],
      ["AK4", "1", "354", "7", "3"],
      ["AK5", "R", "5"],
      ["AK9", "P", "2", "2", "1"],
    ]);
    expect(se).toEqual(["12", "0001"]);
  });

  it("takes rejections the caller found later (an unknown part) in the same plain terms", () => {
    const edi = build997({
      envelope,
      setControl: 2,
      group: {
        functionalId: "PO",
        groupControl: "78",
        sets: [
          { setId: "850", setControl: "0001", errors: [{ message: "line 1: unknown part R5656-2", segmentId: "PO1", segmentPosition: 9, loopId: "PO1", elementPosition: 7, elementErrorCode: "7", badValue: "R5656-2" }] },
          { setId: "850", setControl: "0002", errors: [{ message: "ship window already past", severity: "note" }] },
        ],
      },
    });
    expect(readBack(edi).rows).toEqual([
      ["AK1", "PO", "78"],
      ["AK2", "850", "0001"],
      ["AK3", "PO1", "9", "PO1", "8"],
      ["AK4", "7", "", "7", "R5656-2"],
      ["AK5", "R", "5"],
      ["AK2", "850", "0002"],
      ["AK5", "E"],
      ["AK9", "P", "2", "2", "1"],
    ]);
  });
});

describe("sscc18", () => {
  // Published examples: GS1's EPC Tag Data Standard (0614141, 1234567890), BWIPP's SSCC-18 page,
  // and ConnectCode's MOD 10 page.
  it.each([
    [1, "0614141", "234567890", "106141412345678908"],
    [0, "9528765", "432101234", "095287654321012346"],
    [1, "2345678", "901234567", "123456789012345675"],
  ])("extension %i, prefix %s, serial %s → %s", (extension, prefix, serial, expected) => {
    expect(sscc18(extension, prefix, serial)).toBe(expected);
    expect(isValidSscc18(expected)).toBe(true);
    expect(isValidSscc18(`${expected.slice(0, 17)}${(Number(expected[17]) + 1) % 10}`)).toBe(false);
  });

  it("zero-pads the serial to fill 16 digits with the prefix", () => {
    expect(sscc18(0, "0614141", 42)).toBe("006141410000000425");
  });
});

describe("build856", () => {
  const input: ShipNoticeInput = {
    envelope: { ...envelope, separators: { element: "|", subElement: "^", segment: "\n" } },
    setControl: 7,
    shipmentId: "SHP-1001",
    noticeDate: "2026-03-12",
    noticeTime: "16:45",
    shipDate: "2026-03-12",
    carrier: { scac: "UPSN", name: "UPS Ground" },
    trackingNumber: "1Z999AA10123456784",
    shipTo: { ...address("Acme Store 42", "Springfield"), idQualifier: "92", id: "0042" },
    shipFrom: address("Loopline DC", "Joliet"),
    poNumber: "PO-4471",
    poDate: "2026-03-01",
    packages: [
      { sscc: sscc18(0, "0614141", "000000101"), items: [
        { buyerPart: "R5656-2", upc: "012345678905", sku: "ROSE-50", lot: "L2026-01", quantity: 8, unit: "EACH" },
        { buyerPart: "R5656-2", upc: "012345678905", sku: "ROSE-50", lot: "L2026-02", quantity: 4, unit: "EACH" },
      ] },
      { sscc: sscc18(0, "0614141", "000000102"), items: [{ sku: "LAV-10", lot: "LV-7", quantity: 40, unit: "EACH" }] },
    ],
  };

  it("writes the S/O/P/I hierarchy with SSCCs, lots, tracking and counts that read back", () => {
    const edi = build856(input);
    const { all, rows, se, group, interchange } = readBack(edi);
    expect(interchange.header.valueOf(16)).toBe("^");
    expect(group.header.valueOf(1)).toBe("SH");
    expect(rows[0]).toEqual(["BSN", "00", "SHP-1001", "20260312", "1645", "0001"]);
    expect(all("HL")).toEqual([["1", "", "S"], ["2", "1", "O"], ["3", "2", "P"], ["4", "3", "I"], ["5", "3", "I"], ["6", "2", "P"], ["7", "6", "I"]]);
    expect(all("TD1")).toEqual([["CTN25", "2"]]);
    expect(all("TD5")).toEqual([["O", "2", "UPSN", "", "UPS Ground"]]);
    expect(all("REF")).toEqual([["CN", "1Z999AA10123456784"]]);
    expect(all("DTM")).toEqual([["011", "20260312"]]);
    expect(all("N1")).toEqual([["ST", "Acme Store 42", "92", "0042"], ["SF", "Loopline DC"]]);
    expect(all("PRF")).toEqual([["PO-4471", "", "", "20260301"]]);
    const ssccs = all("MAN").map((m) => m[1]!);
    expect(ssccs).toEqual(["006141410000001019", "006141410000001026"]);
    expect(ssccs.every(isValidSscc18)).toBe(true);
    expect(all("LIN")).toEqual([
      ["", "BP", "R5656-2", "UP", "012345678905", "VN", "ROSE-50", "LT", "L2026-01"],
      ["", "BP", "R5656-2", "UP", "012345678905", "VN", "ROSE-50", "LT", "L2026-02"],
      ["", "VN", "LAV-10", "LT", "LV-7"],
    ]);
    expect(all("SN1")).toEqual([["", "8", "EA"], ["", "4", "EA"], ["", "40", "EA"]]);
    expect(all("CTT")).toEqual([["7"]]);
    expect(se).toEqual([String(rows.length + 2), "0007"]);
  });

  it("refuses a package whose SSCC check digit is wrong", () => {
    const broken = { ...input, packages: [{ ...input.packages[0]!, sscc: "006141410000001015" }] };
    expect(() => build856(broken)).toThrow("packages[0].sscc: 006141410000001015 is not an 18-digit SSCC with a correct check digit");
  });
});

describe("build810", () => {
  it("totals the lines, shipping and tax in TDS, with CTT and SE that read back", () => {
    const edi = build810({
      envelope: { ...envelope, lineBreak: "\r\n" },
      setControl: 12,
      invoiceNumber: "INV-2026-0031",
      invoiceDate: "2026-03-12",
      poNumber: "PO-4471",
      poDate: "2026-03-01",
      shipDate: "2026-03-12",
      shipTo: address("Acme Store 42", "Springfield"),
      remitTo: address("Loopline Inc", "Chicago"),
      netDays: 30,
      dueDate: "2026-04-11",
      lines: [
        { lineNo: 1, quantity: 12, unit: "CASE", unitPriceMinor: 2450, buyerPart: "R5656-2", upc: "012345678905", sku: "ROSE-50" },
        { lineNo: 2, quantity: 40, unit: "EACH", unitPriceMinor: 325, sku: "LAV-10" },
      ],
      shippingMinor: 1999,
      taxMinor: 2137,
    });
    expect(edi).toContain("~\r\nGS*IN*");
    const { all, rows, se } = readBack(edi);
    expect(rows[0]).toEqual(["BIG", "20260312", "INV-2026-0031", "20260301", "PO-4471"]);
    expect(all("N1")).toEqual([["ST", "Acme Store 42"], ["RE", "Loopline Inc"]]);
    expect(all("ITD")).toEqual([["05", "3", "", "", "", "20260411", "30"]]);
    expect(all("IT1")).toEqual([
      ["1", "12", "CA", "24.50", "", "BP", "R5656-2", "UP", "012345678905", "VN", "ROSE-50"],
      ["2", "40", "EA", "3.25", "", "VN", "LAV-10"],
    ]);
    // 12 × 24.50 + 40 × 3.25 + 19.99 shipping + 21.37 tax = 465.36
    expect(all("TDS")).toEqual([["46536"]]);
    expect(all("TXI")).toEqual([["ST", "21.37"]]);
    expect(all("SAC")).toEqual([["C", "G830", "", "", "1999"]]);
    expect(all("CTT")).toEqual([["2"]]);
    expect(se).toEqual([String(rows.length + 2), "0012"]);
  });
});
