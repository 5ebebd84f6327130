// One 850 purchase order (004010) into the neutral ChannelOrderDraft, or the reasons it cannot be
// taken, each in words for a person and in the codes a 997 needs. Every problem in the set is
// collected, not just the first, so the buyer can fix the PO in one round trip.
//
// Delivery window (DTM): start = 037 ship not before, else 064 do not deliver before, else 002
// delivery requested, else the PO date; end = 038 ship no later, else 063 do not deliver after,
// else 002. Ship dates win over delivery dates because the window is what the warehouse must
// meet; delivery dates are taken as they are, without subtracting transit time. With no end date
// there is no window (a lone "not before" cannot be a closed window).

import type { X12Segment, X12Transaction } from "node-x12";
import type { ChannelAddress, ChannelOrderDraft, ChannelOrderLine } from "../channels/draft";
import type { X12SetError } from "./ack997";
import { centsFromDecimal, isoFromX12Date, unitFromX12 } from "./x12Values";
import { MAX_ORDER_LINES } from "../../domain/limits";

const MAX_ITEM_IDS = 10;

export type PurchaseOrderResult =
  | { ok: true; setId: "850"; setControl: string; draft: ChannelOrderDraft }
  | { ok: false; setId: string; setControl: string; errors: X12SetError[] };

/** The order item ids are listed in: the buyer's part first, then the UPC/EAN, then the vendor's part. */
const ITEM_ID_RANK: Record<string, number> = { BP: 0, UP: 1, UK: 1, EN: 1, VN: 2, VP: 2 };

interface Located {
  segment: X12Segment;
  /** Position in the set, ST being 1. */
  position: number;
}

/** Element n (1-based), trimmed; "" when absent. */
function el(segment: X12Segment, n: number): string {
  return (segment.valueOf(n) ?? "").trim();
}

export function mapPurchaseOrder(transaction: X12Transaction): PurchaseOrderResult {
  const setId = el(transaction.header, 1);
  const setControl = el(transaction.header, 2);
  const errors: X12SetError[] = [...checkTrailer(transaction)];
  if (setId !== "850") {
    errors.push({ message: `transaction set ${setId || "(blank)"} is not a purchase order (850); only 850s are taken here`, setErrorCode: "1" });
    return { ok: false, setId, setControl, errors };
  }
  const segments: Located[] = transaction.segments.map((segment, i) => ({ segment, position: i + 2 }));
  const fail = (at: Located, element: number, reference: string, code: string, message: string, loopId?: string): void => {
    errors.push({ message, segmentId: at.segment.tag, segmentPosition: at.position, loopId, elementPosition: element, elementReference: reference, elementErrorCode: code, badValue: el(at.segment, element) || undefined });
  };
  const dateAt = (at: Located, element: number, reference: string, what: string): string | undefined => {
    const raw = el(at.segment, element);
    const iso = isoFromX12Date(raw);
    if (!iso) fail(at, element, reference, raw ? "8" : "1", raw ? `${what} ${raw} is not a real date (CCYYMMDD)` : `${what} is missing`);
    return iso;
  };
  const firstPo1 = segments.find((s) => s.segment.tag === "PO1");
  const trailerPosition = segments.length + 2;

  // BEG: the PO number and date.
  const beg = segments.find((s) => s.segment.tag === "BEG");
  let poNumber = "";
  let orderDate: string | undefined;
  if (!beg) {
    errors.push({ message: "the BEG segment (PO number and date) is missing", segmentId: "BEG", segmentPosition: 2, segmentErrorCode: "3" });
  } else {
    poNumber = el(beg.segment, 3);
    if (!poNumber) fail(beg, 3, "324", "1", "the PO number (BEG03) is missing");
    orderDate = dateAt(beg, 5, "373", "the PO date (BEG05)");
  }

  // N1 loops: ship-to (required) and the buyer's or bill-to name.
  const parties = partyLoops(segments);
  const shipToLoop = parties.find((p) => p.code === "ST");
  let shipTo: ChannelAddress | undefined;
  if (!shipToLoop) {
    errors.push({ message: "no ship-to address: the PO has no N1*ST loop", segmentId: "N1", segmentPosition: firstPo1?.position ?? trailerPosition, loopId: "N1", segmentErrorCode: "3" });
  } else {
    shipTo = shipToAddress(shipToLoop, errors);
  }
  const buyerName = parties.find((p) => p.code === "BY")?.name || parties.find((p) => p.code === "BT")?.name;

  // DTM: the delivery window.
  const dates = new Map<string, { iso: string; at: Located }>();
  for (const at of segments.filter((s) => s.segment.tag === "DTM")) {
    const qualifier = el(at.segment, 1);
    if (!["002", "037", "038", "063", "064"].includes(qualifier)) continue;
    const iso = dateAt(at, 2, "373", `the date DTM*${qualifier}`);
    if (iso && !dates.has(qualifier)) dates.set(qualifier, { iso, at });
  }
  const startDate = dates.get("037") ?? dates.get("064") ?? dates.get("002");
  const endDate = dates.get("038") ?? dates.get("063") ?? dates.get("002");
  let deliveryWindow: ChannelOrderDraft["deliveryWindow"];
  if (endDate) {
    const start = startDate?.iso ?? orderDate ?? endDate.iso;
    if (endDate.iso < start) {
      fail(endDate.at, 2, "373", "8", `the delivery window ends (${endDate.iso}) before it starts (${start})`);
    } else {
      deliveryWindow = { start, end: endDate.iso };
    }
  }

  // ITD: the net days the buyer asked for.
  let requestedNetDays: number | undefined;
  const itd = segments.find((s) => s.segment.tag === "ITD" && el(s.segment, 7) !== "");
  if (itd) {
    const raw = el(itd.segment, 7);
    if (/^\d+$/.test(raw)) requestedNetDays = Number(raw);
    else fail(itd, 7, "386", "6", `the terms net days (ITD07) "${raw}" is not a whole number of days`);
  }

  // PO1 loops: the lines.
  const lines: ChannelOrderLine[] = [];
  let quantityTotal = 0;
  const po1s = segments.filter((s) => s.segment.tag === "PO1");
  // An order holds at most MAX_ORDER_LINES lines: a longer PO is refused whole, before its lines are read.
  if (po1s.length > MAX_ORDER_LINES) {
    errors.push({ message: `the PO has ${po1s.length.toLocaleString("en-US")} lines (PO1); one order holds at most ${MAX_ORDER_LINES}: split it`, segmentId: "PO1", segmentPosition: po1s[MAX_ORDER_LINES]!.position, loopId: "PO1", segmentErrorCode: "5" });
  } else po1s.forEach((at, index) => {
    const line = orderLine(at, index, segments, fail);
    if (line) {
      lines.push(line);
      quantityTotal += line.quantity;
    }
  });
  if (po1s.length === 0) {
    errors.push({ message: "the PO has no lines (PO1)", segmentId: "PO1", segmentPosition: trailerPosition, loopId: "PO1", segmentErrorCode: "3" });
  }

  // CTT: the line count and hash total the buyer computed.
  const ctt = segments.find((s) => s.segment.tag === "CTT");
  if (ctt) {
    const count = el(ctt.segment, 1);
    if (!/^\d+$/.test(count) || Number(count) !== po1s.length) {
      fail(ctt, 1, "354", "7", `CTT01 says ${count || "(blank)"} lines but the PO has ${po1s.length} PO1 segments`);
    }
    const hash = el(ctt.segment, 2);
    const sent = po1s.reduce((sum, at) => sum + (Number(el(at.segment, 2)) || 0), 0);
    if (hash !== "" && Number(hash) !== sent) {
      fail(ctt, 2, "347", "7", `CTT02 hash total ${hash} does not match the PO1 quantities, which add up to ${sent}`);
    }
  }

  if (errors.length > 0 || !shipTo) return { ok: false, setId, setControl, errors };
  const draft: ChannelOrderDraft = {
    reference: poNumber,
    buyerPo: poNumber,
    customerName: buyerName || shipTo.name,
    shipTo,
    orderDate,
    lines,
  };
  if (deliveryWindow) draft.deliveryWindow = deliveryWindow;
  if (requestedNetDays !== undefined) draft.requestedNetDays = requestedNetDays;
  const currency = segments.find((s) => s.segment.tag === "CUR" && el(s.segment, 1) === "BY");
  if (currency && el(currency.segment, 2)) draft.currency = el(currency.segment, 2);
  return { ok: true, setId: "850", setControl, draft };
}

/** SE: present, counting ST..SE, and repeating ST02. */
function checkTrailer(transaction: X12Transaction): X12SetError[] {
  const trailer = transaction.trailer as X12Segment | undefined;
  if (!trailer || trailer.tag !== "SE") return [{ message: "the set has no SE trailer: it was cut short", setErrorCode: "2" }];
  const errors: X12SetError[] = [];
  const counted = transaction.segments.length + 2;
  const said = el(trailer, 1);
  if (Number(said) !== counted || !/^\d+$/.test(said)) {
    errors.push({ message: `SE01 says ${said || "(blank)"} segments but the set has ${counted} (ST to SE)`, setErrorCode: "4" });
  }
  if (el(trailer, 2) !== el(transaction.header, 2)) {
    errors.push({ message: `SE02 control number ${el(trailer, 2) || "(blank)"} does not match ST02 ${el(transaction.header, 2)}`, setErrorCode: "3" });
  }
  return errors;
}

interface PartyLoop {
  code: string;
  name: string;
  n1: Located;
  members: Located[];
}

/** Each N1 with the N2/N3/N4 (and PER, REF) that follow it up to the next N1 or other segment. */
function partyLoops(segments: Located[]): PartyLoop[] {
  const loops: PartyLoop[] = [];
  let current: PartyLoop | undefined;
  for (const at of segments) {
    const tag = at.segment.tag;
    if (tag === "N1") {
      current = { code: el(at.segment, 1), name: el(at.segment, 2), n1: at, members: [] };
      loops.push(current);
    } else if (current && ["N2", "N3", "N4", "PER", "REF"].includes(tag)) {
      current.members.push(at);
    } else {
      current = undefined;
    }
  }
  return loops;
}

function shipToAddress(loop: PartyLoop, errors: X12SetError[]): ChannelAddress | undefined {
  const missing = (segmentId: string, message: string): undefined => {
    const after = loop.members.at(-1) ?? loop.n1;
    errors.push({ message, segmentId, segmentPosition: after.position + 1, loopId: "N1", segmentErrorCode: "3" });
    return undefined;
  };
  const n2 = loop.members.filter((m) => m.segment.tag === "N2");
  const n3 = loop.members.filter((m) => m.segment.tag === "N3");
  const n4 = loop.members.find((m) => m.segment.tag === "N4");
  if (!loop.name) {
    errors.push({ message: "the ship-to has no name (N1*ST, N102)", segmentId: "N1", segmentPosition: loop.n1.position, loopId: "N1", elementPosition: 2, elementReference: "93", elementErrorCode: "2" });
  }
  if (n3.length === 0) return missing("N3", `the ship-to ${loop.name} has no street address (N3)`);
  if (!n4) return missing("N4", `the ship-to ${loop.name} has no city, state and postal code (N4)`);
  const streets = n3.flatMap((m) => [el(m.segment, 1), el(m.segment, 2)]).filter(Boolean);
  const [city, region, postalCode] = [el(n4.segment, 1), el(n4.segment, 2), el(n4.segment, 3)];
  const absent = [!city && "city (N401)", !region && "state (N402)", !postalCode && "postal code (N403)"].filter(Boolean);
  if (absent.length > 0) {
    errors.push({ message: `the ship-to address has no ${absent.join(", ")}`, segmentId: "N4", segmentPosition: n4.position, loopId: "N1", elementPosition: !city ? 1 : !region ? 2 : 3, elementErrorCode: "1" });
    return undefined;
  }
  const extraNames = n2.flatMap((m) => [el(m.segment, 1), el(m.segment, 2)]).filter(Boolean);
  const address: ChannelAddress = {
    name: [loop.name, ...extraNames].join(", "),
    line1: streets[0] ?? "",
    city,
    region,
    postalCode,
    // N404 is optional in 004010 and US buyers leave it out.
    country: el(n4.segment, 4) || "US",
  };
  if (streets.length > 1) address.line2 = streets.slice(1).join(", ");
  return address;
}

type Fail = (at: Located, element: number, reference: string, code: string, message: string, loopId?: string) => void;

/** One PO1 with the PID and PO4 that follow it (up to the next PO1 or the summary). */
function orderLine(at: Located, index: number, segments: Located[], fail: Fail): ChannelOrderLine | undefined {
  const s = at.segment;
  const lineRef = el(s, 1);
  const lineNo = /^\d+$/.test(lineRef) ? Number(lineRef) : index + 1;
  const label = `line ${lineRef || index + 1}`;
  let ok = true;
  const bad = (element: number, reference: string, code: string, message: string) => {
    fail(at, element, reference, code, `${label}: ${message}`, "PO1");
    ok = false;
  };

  // An R (decimal) element: 40 and 40.0 are the same whole quantity; 4.5 is not one.
  const rawQty = el(s, 2);
  if (!/^\d+(\.0*)?$/.test(rawQty) || Number(rawQty) <= 0) bad(2, "330", rawQty ? "6" : "1", rawQty ? `quantity ${rawQty} is not a positive whole number` : "the quantity (PO102) is missing");
  const unitCode = el(s, 3);
  const uom = unitFromX12(unitCode);
  if (!uom) bad(3, "355", unitCode ? "7" : "1", unitCode ? `unit of measure ${unitCode} is not one we take (EA each, CA case, PL pallet)` : "the unit of measure (PO103) is missing");
  let unitPriceMinor: number | undefined;
  const rawPrice = el(s, 4);
  if (rawPrice) {
    const price = centsFromDecimal(rawPrice);
    if ("reason" in price) bad(4, "212", "6", `unit price ${price.reason}`);
    else unitPriceMinor = price.cents;
  }

  const ids: { qualifier: string; id: string; order: number }[] = [];
  for (let n = 6; n + 1 <= s.elements.length; n += 2) {
    const [qualifier, id] = [el(s, n), el(s, n + 1)];
    if (qualifier && id) ids.push({ qualifier, id, order: n });
  }
  ids.sort((a, b) => (ITEM_ID_RANK[a.qualifier] ?? 3) - (ITEM_ID_RANK[b.qualifier] ?? 3) || a.order - b.order);
  if (ids.length === 0) bad(7, "234", "2", "no item id (PO106/PO107: buyer part, UPC or vendor part)");
  // 004010 allows PO106 to PO125: ten qualifier/id pairs.
  if (ids.length > MAX_ITEM_IDS) bad(6 + 2 * MAX_ITEM_IDS, "235", "3", `names ${ids.length.toLocaleString("en-US")} item ids; a PO1 has at most ${MAX_ITEM_IDS}`);

  // The PO1 loop: PID and PO4 between this PO1 and the next PO1 (or CTT/SE). Walked from this PO1
  // only (its index is its position less ST's two), so a PO of thousands of lines stays linear.
  const start = at.position - 2;
  let next = start + 1;
  while (next < segments.length && segments[next]!.segment.tag !== "PO1" && segments[next]!.segment.tag !== "CTT") next++;
  const loop = segments.slice(start + 1, next);
  const title = loop.find((x) => x.segment.tag === "PID" && el(x.segment, 1) === "F" && el(x.segment, 5));
  const po4 = loop.find((x) => x.segment.tag === "PO4" && el(x.segment, 1) !== "");
  let packSize: number | undefined;
  if (po4) {
    const raw = el(po4.segment, 1);
    if (/^\d+$/.test(raw) && Number(raw) > 0) packSize = Number(raw);
    else {
      fail(po4, 1, "356", "6", `${label}: pack size (PO401) ${raw} is not a positive whole number`, "PO1");
      ok = false;
    }
  }
  if (!ok || !uom) return undefined;
  const line: ChannelOrderLine = { lineNo, itemKeys: ids.map((i) => i.id), quantity: Number(rawQty), uom };
  if (title) line.title = el(title.segment, 5);
  if (unitPriceMinor !== undefined) line.unitPriceMinor = unitPriceMinor;
  if (packSize !== undefined) line.packSize = packSize;
  return line;
}
