// The 856 ship notice (004010) for one shipment of one PO, in the pick-and-pack hierarchy retail
// guides ask for: Shipment → Order → Pack (one per carton, its SSCC-18) → Item (one per item and
// lot in that carton). The lot goes in the LIN as an LT (lot number) qualifier/id pair beside the
// buyer part, UPC and vendor part: it keeps one LIN per item-and-lot and needs no extra segment;
// some guides want REF*LT in the item loop instead, which would be a per-partner option here.

import { BadInput } from "../../domain/errors";
import type { UnitOfMeasure } from "../../domain/units";
import { buildInterchange, seg, type OutboundEnvelope, type X12SegmentData } from "./envelope";
import { x12Date, x12Time, unitToX12 } from "./x12Values";

export interface EdiAddress {
  name: string;
  /** N103/N104: the partner's code for the location (92 buyer-assigned store number, UL GLN...). */
  idQualifier?: string;
  id?: string;
  /** Absent for a party known by name alone (a warehouse whose address we do not keep): no N3/N4. */
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

export interface ShipNoticeItem {
  buyerPart?: string;
  upc?: string;
  /** Our SKU, sent as the vendor part (VN). */
  sku: string;
  lot?: string;
  quantity: number;
  unit: UnitOfMeasure;
}

export interface ShipNoticePackage {
  /** The carton's 18-digit SSCC, check digit included (see sscc18). */
  sscc: string;
  items: ShipNoticeItem[];
}

export interface ShipNoticeInput {
  envelope: OutboundEnvelope;
  setControl: number;
  /** BSN02. */
  shipmentId: string;
  /** BSN03/BSN04: when the notice was made; DTM*011: when the goods left. yyyy-mm-dd, HH:MM. */
  noticeDate: string;
  noticeTime: string;
  shipDate: string;
  carrier: { scac: string; name?: string };
  /** REF*BM bill of lading, REF*CN carrier's reference (the parcel tracking number). */
  billOfLading?: string;
  trackingNumber?: string;
  /** TD1: gross weight in pounds, when known. */
  grossWeightLb?: number;
  shipTo: EdiAddress;
  shipFrom: EdiAddress;
  poNumber: string;
  poDate?: string;
  packages: ShipNoticePackage[];
}

export function build856(input: ShipNoticeInput): string {
  if (input.packages.length === 0) throw BadInput.field("packages", "a ship notice needs at least one package");
  const body: X12SegmentData[] = [seg("BSN", "00", input.shipmentId, x12Date(input.noticeDate), x12Time(input.noticeTime), "0001")];
  let hl = 0;
  const shipment = ++hl;
  body.push(
    seg("HL", shipment, undefined, "S"),
    seg("TD1", "CTN25", input.packages.length, undefined, undefined, undefined, input.grossWeightLb === undefined ? undefined : "G", input.grossWeightLb, input.grossWeightLb === undefined ? undefined : "LB"),
    seg("TD5", "O", "2", input.carrier.scac, undefined, input.carrier.name),
  );
  if (input.billOfLading) body.push(seg("REF", "BM", input.billOfLading));
  if (input.trackingNumber) body.push(seg("REF", "CN", input.trackingNumber));
  body.push(seg("DTM", "011", x12Date(input.shipDate)), ...party("ST", input.shipTo), ...party("SF", input.shipFrom));
  const order = ++hl;
  body.push(seg("HL", order, shipment, "O"), seg("PRF", input.poNumber, undefined, undefined, input.poDate && x12Date(input.poDate)));
  input.packages.forEach((pack, p) => {
    if (!isValidSscc18(pack.sscc)) throw BadInput.field(`packages[${p}].sscc`, `${pack.sscc} is not an 18-digit SSCC with a correct check digit`);
    if (pack.items.length === 0) throw BadInput.field(`packages[${p}].items`, "a package holds at least one item");
    const packHl = ++hl;
    body.push(seg("HL", packHl, order, "P"), seg("MAN", "GM", pack.sscc));
    pack.items.forEach((item, i) => {
      if (!Number.isSafeInteger(item.quantity) || item.quantity <= 0) {
        throw BadInput.field(`packages[${p}].items[${i}].quantity`, `${item.quantity} is not a positive whole number`);
      }
      body.push(seg("HL", ++hl, packHl, "I"), seg("LIN", undefined, ...itemIds(item)), seg("SN1", undefined, item.quantity, unitToX12(item.unit)));
    });
  });
  body.push(seg("CTT", hl));
  return buildInterchange(input.envelope, [{ setId: "856", setControl: input.setControl, body }]);
}

/** LIN qualifier/id pairs: BP buyer part, UP UPC, VN vendor part (our SKU), LT lot. */
function itemIds(item: ShipNoticeItem): string[] {
  const pairs: [string, string | undefined][] = [["BP", item.buyerPart], ["UP", item.upc], ["VN", item.sku], ["LT", item.lot]];
  return pairs.flatMap(([qualifier, id]) => (id ? [qualifier, id] : []));
}

/** N1 (with N3/N4) for one party of a shipment or invoice. */
export function party(code: string, address: EdiAddress): X12SegmentData[] {
  return [
    seg("N1", code, address.name, address.id ? address.idQualifier : undefined, address.id),
    ...(address.line1 ? [seg("N3", address.line1, address.line2)] : []),
    ...(address.city ? [seg("N4", address.city, address.region, address.postalCode, address.country)] : []),
  ];
}

/** The GS1 mod-10 check digit: weights 3,1,3... from the rightmost digit of the data. */
function gs1CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[digits.length - 1 - i]);
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * An 18-digit SSCC: extension digit, GS1 company prefix and serial reference (prefix and serial
 * together are 16 digits; the serial is zero-padded to fill them), then the check digit.
 */
export function sscc18(extensionDigit: number, companyPrefix: string, serial: string | number): string {
  if (!Number.isInteger(extensionDigit) || extensionDigit < 0 || extensionDigit > 9) throw new RangeError("the extension digit is 0 to 9");
  if (!/^\d{7,10}$/.test(companyPrefix)) throw new RangeError("a GS1 company prefix is 7 to 10 digits");
  const serialDigits = String(serial);
  const width = 16 - companyPrefix.length;
  if (!/^\d+$/.test(serialDigits) || serialDigits.length > width) throw new RangeError(`with a ${companyPrefix.length}-digit company prefix the serial reference is at most ${width} digits`);
  const data = `${extensionDigit}${companyPrefix}${serialDigits.padStart(width, "0")}`;
  return `${data}${gs1CheckDigit(data)}`;
}

export function isValidSscc18(value: string): boolean {
  return /^\d{18}$/.test(value) && gs1CheckDigit(value.slice(0, 17)) === Number(value[17]);
}
