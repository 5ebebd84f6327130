// The ISA/GS/ST envelope every outbound document shares. The caller owns the control numbers
// (they live in the database, one sequence per trading partner), so every builder takes them as
// plain parameters; node-x12's generator pads the fixed-width ISA, counts SE01, GE01 and IEA01,
// and re-parses its own output strictly before returning it.

import { JSEDINotation, X12Generator } from "node-x12";
import { DomainError } from "../../domain/errors";
import { x12Date, x12Time } from "./x12Values";

/** An interchange that cannot be read at all: no ISA, cut short, or a broken envelope. */
export class X12EnvelopeError extends DomainError {
  constructor(problem: string) {
    super("BAD_INPUT", `X12 interchange rejected: ${problem}`, { problem });
  }
}

export interface X12Party {
  /** ISA05/ISA07 interchange id qualifier: ZZ mutually defined, 01 DUNS, 12 phone, 08 UCC... */
  qualifier: string;
  /** ISA06/ISA08, up to 15 characters; also GS02/GS03 unless the envelope says otherwise. */
  id: string;
}

export interface X12Separators {
  element: string;
  subElement: string;
  segment: string;
}

export const DEFAULT_SEPARATORS: X12Separators = { element: "*", subElement: ">", segment: "~" };

export interface OutboundEnvelope {
  /** Us. */
  sender: X12Party;
  /** The trading partner. */
  receiver: X12Party;
  /** GS02/GS03 when the partner uses application codes different from the ISA ids. */
  applicationSender?: string;
  applicationReceiver?: string;
  /** ISA13/IEA02: written as 9 digits, zero-padded. */
  interchangeControl: number;
  /** GS06/GE02. */
  groupControl: number;
  /** ISA15: P production, T test. */
  usage: "P" | "T";
  /** When the interchange was made, in the partner's agreed time zone: yyyy-mm-dd and HH:MM. */
  date: string;
  time: string;
  separators?: X12Separators;
  /** A line break after each segment terminator, for partners (and people) who want one. */
  lineBreak?: "\n" | "\r\n";
}

/** One segment as plain data: its id and its elements, 1-based in X12 terms (elements[0] is 01). */
export interface X12SegmentData {
  id: string;
  elements: (string | number | undefined)[];
}

export function seg(id: string, ...elements: (string | number | undefined)[]): X12SegmentData {
  return { id, elements };
}

export interface OutboundSet {
  /** ST01: 997, 856, 810. */
  setId: string;
  /** ST02 (and SE02): written with at least 4 digits. */
  setControl: number;
  /** The segments between ST and SE. */
  body: X12SegmentData[];
}

const FUNCTIONAL_ID: Record<string, string> = { "997": "FA", "856": "SH", "810": "IN", "850": "PO" };

/** ISA..IEA with one GS..GE holding the given sets (all of one type, as X12 requires). */
export function buildInterchange(envelope: OutboundEnvelope, sets: OutboundSet[]): string {
  const separators = envelope.separators ?? DEFAULT_SEPARATORS;
  const setId = sets[0]?.setId;
  if (!setId || sets.some((s) => s.setId !== setId)) {
    throw new RangeError("a functional group holds one or more transaction sets of one type");
  }
  const functionalId = FUNCTIONAL_ID[setId];
  if (!functionalId) throw new RangeError(`no functional group id known for transaction set ${setId}`);
  checkControl("interchange control number", envelope.interchangeControl, 999_999_999);
  checkControl("group control number", envelope.groupControl, 999_999_999);

  const clean = cleaner(separators);
  const jsen = new JSEDINotation([
    "00", "", "00", "",
    envelope.sender.qualifier, clean(envelope.sender.id),
    envelope.receiver.qualifier, clean(envelope.receiver.id),
    x12Date(envelope.date, 6), x12Time(envelope.time),
    "U", "00401", String(envelope.interchangeControl), "0", envelope.usage, separators.subElement,
  ]);
  const group = jsen.addFunctionalGroup([
    functionalId,
    clean(envelope.applicationSender ?? envelope.sender.id),
    clean(envelope.applicationReceiver ?? envelope.receiver.id),
    x12Date(envelope.date), x12Time(envelope.time),
    String(envelope.groupControl), "X", "004010",
  ]);
  for (const set of sets) {
    checkControl("transaction set control number", set.setControl, 999_999_999);
    const transaction = group.addTransaction([set.setId, String(set.setControl).padStart(4, "0")]);
    for (const s of set.body) transaction.addSegment(s.id, trimTrailing(s.elements.map(clean)));
  }
  return new X12Generator(jsen, {
    elementDelimiter: separators.element,
    subElementDelimiter: separators.subElement,
    segmentTerminator: separators.segment,
    format: envelope.lineBreak !== undefined,
    endOfLine: envelope.lineBreak,
  }).toString();
}

function checkControl(what: string, value: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) throw new RangeError(`${what} ${value} must be a whole number from 1 to ${max}`);
}

/** A separator inside a value would split it: names and references get a space instead. */
function cleaner(separators: X12Separators): (value: string | number | undefined) => string {
  const reserved = new Set([separators.element, separators.subElement, separators.segment, "\r", "\n"]);
  return (value) => (value === undefined ? "" : [...String(value)].map((c) => (reserved.has(c) ? " " : c)).join("").trim());
}

/** X12 leaves no empty elements at the end of a segment. */
function trimTrailing(values: string[]): string[] {
  let end = values.length;
  while (end > 0 && values[end - 1] === "") end--;
  return values.slice(0, end);
}
