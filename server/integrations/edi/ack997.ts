// The 997 functional acknowledgment for one inbound functional group. Its input is a plain list of
// per-set outcomes, so the caller can add what it found after parsing (an unknown part number when
// mapping SKUs, a duplicate PO) in the same terms the parser uses, and send one 997 for both.
// node-x12's own acknowledge() throws in 1.7.1; the generator builds the 997 instead.

import { buildInterchange, seg, type OutboundEnvelope, type X12SegmentData } from "./envelope";

/**
 * One thing wrong with a transaction set, in words for a person (`message`) and in the codes a
 * 997 carries. With `segmentId` it becomes an AK3 (and with `elementPosition` an AK4 under it);
 * `setErrorCode` goes to AK5. The codes are X12's:
 * - AK304 segment syntax error (720): 1 unrecognized segment, 2 unexpected, 3 mandatory segment
 *   missing, 7 not in proper sequence, 8 segment has data element errors.
 * - AK403 element syntax error (723): 1 mandatory element missing, 2 conditional required missing,
 *   6 invalid character, 7 invalid code value, 8 invalid date.
 * - AK5 set syntax error (718): 1 set not supported, 2 trailer missing, 3 ST02/SE02 differ,
 *   4 SE01 count wrong, 5 one or more segments in error.
 */
export interface X12SetError {
  message: string;
  /** AK301. */
  segmentId?: string;
  /** AK302: the segment's position in the set, ST being 1. */
  segmentPosition?: number;
  /** AK303: the loop's id, when the segment is in one (N1, PO1). */
  loopId?: string;
  /** AK304. Defaults to 8 when the error names an element, 3 otherwise. */
  segmentErrorCode?: string;
  /** AK401: the element's position in the segment (PO1-03 is 3). */
  elementPosition?: number;
  /** AK402: the data element reference number (355 for a unit of measure). */
  elementReference?: string;
  /** AK403. */
  elementErrorCode?: string;
  /** AK404: the bad value as received. */
  badValue?: string;
  /** AK502..: a set-level code (4 for a wrong SE01); 5 is added for any segment error. */
  setErrorCode?: string;
  /** `note` accepts the set with errors noted (AK5 E); the default rejects it (AK5 R). */
  severity?: "reject" | "note";
}

export interface AckSetOutcome {
  /** ST01 and ST02 of the set acknowledged. */
  setId: string;
  setControl: string;
  errors: X12SetError[];
}

export interface AckGroupInput {
  /** GS01 and GS06 of the inbound group. */
  functionalId: string;
  groupControl: string;
  /** GE01 as received; defaults to the number of outcomes. */
  setsIncluded?: number;
  /** AK905..: group-level codes (716), e.g. 5 when GE01 disagrees with the sets received. */
  groupErrorCodes?: string[];
  sets: AckSetOutcome[];
}

export interface Ack997Input {
  envelope: OutboundEnvelope;
  /** ST02 of the 997 itself. */
  setControl: number;
  group: AckGroupInput;
}

export type SetAckCode = "A" | "E" | "R";

/** AK501: A with no errors, E when every error is only noted, R when any rejects the set. */
export function setAckCode(errors: X12SetError[]): SetAckCode {
  if (errors.length === 0) return "A";
  return errors.some((e) => e.severity !== "note") ? "R" : "E";
}

/** AK901: A all accepted, E all accepted (some with errors), P some rejected, R none accepted. */
export function groupAckCode(codes: SetAckCode[], groupErrorCodes: string[] = []): "A" | "E" | "P" | "R" {
  const accepted = codes.filter((c) => c !== "R").length;
  if (accepted === 0) return "R";
  if (accepted < codes.length) return "P";
  return codes.includes("E") || groupErrorCodes.length > 0 ? "E" : "A";
}

export function build997(input: Ack997Input): string {
  const { group } = input;
  const body: X12SegmentData[] = [seg("AK1", group.functionalId, group.groupControl)];
  const codes: SetAckCode[] = [];
  for (const set of group.sets) {
    const code = setAckCode(set.errors);
    codes.push(code);
    body.push(seg("AK2", set.setId, set.setControl), ...segmentNotes(set.errors), seg("AK5", code, ...setErrorCodes(set.errors)));
  }
  const accepted = codes.filter((c) => c !== "R").length;
  const groupCodes = (group.groupErrorCodes ?? []).slice(0, 5);
  body.push(seg("AK9", groupAckCode(codes, groupCodes), group.setsIncluded ?? group.sets.length, group.sets.length, accepted, ...groupCodes));
  return buildInterchange(input.envelope, [{ setId: "997", setControl: input.setControl, body }]);
}

/** One AK3 per segment in error, with an AK4 for each of its elements in error beneath it. */
function segmentNotes(errors: X12SetError[]): X12SegmentData[] {
  const bySegment = new Map<string, X12SetError[]>();
  for (const e of errors) {
    if (!e.segmentId) continue;
    const key = `${e.segmentId}@${e.segmentPosition ?? ""}`;
    bySegment.set(key, [...(bySegment.get(key) ?? []), e]);
  }
  const out: X12SegmentData[] = [];
  for (const list of bySegment.values()) {
    const first = list[0]!;
    const elementErrors = list.filter((e) => e.elementPosition !== undefined);
    const code = first.segmentErrorCode ?? (elementErrors.length > 0 ? "8" : "3");
    out.push(seg("AK3", first.segmentId, first.segmentPosition, first.loopId, code));
    for (const e of elementErrors) out.push(seg("AK4", e.elementPosition, e.elementReference, e.elementErrorCode ?? "7", e.badValue?.slice(0, 99)));
  }
  return out;
}

/** AK502..AK506: the set-level codes, with 5 whenever a segment is in error; at most five. */
function setErrorCodes(errors: X12SetError[]): string[] {
  const codes = new Set<string>();
  for (const e of errors) {
    if (e.setErrorCode) codes.add(e.setErrorCode);
    if (e.segmentId) codes.add("5");
  }
  return [...codes].slice(0, 5);
}
