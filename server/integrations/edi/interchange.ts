// Reading an inbound interchange: the envelope (who sent it, to whom, its control numbers and
// separators) and, group by group, each purchase order set mapped on its own, so one bad set
// never spoils the good ones beside it. node-x12 does the tokenizing: it takes the element,
// sub-element and segment separators from the ISA, whatever they are, and skips line breaks
// between segments. Only an interchange that cannot be read at all throws X12EnvelopeError.

import { X12Parser, type X12FunctionalGroup, type X12Interchange, type X12Segment } from "node-x12";
import { X12EnvelopeError, type X12Party, type X12Separators } from "./envelope";
import { mapPurchaseOrder, type PurchaseOrderResult } from "./purchaseOrder850";

export interface ParsedGroup {
  /** GS01: PO for purchase orders. */
  functionalId: string;
  /** GS02/GS03. */
  applicationSender: string;
  applicationReceiver: string;
  /** GS06, as sent. */
  groupControl: string;
  /** GS08: 004010... */
  version: string;
  /** GE01 as sent: how many sets the sender says the group holds. */
  setsIncluded: number;
  /** Group-level problems, with their 997 AK9 codes (716). */
  errors: { message: string; code: string }[];
  sets: PurchaseOrderResult[];
}

export interface ParsedInterchange {
  /** ISA05/06 and ISA07/08, trimmed. */
  sender: X12Party;
  receiver: X12Party;
  /** ISA13: nine digits. */
  interchangeControl: string;
  /** ISA15. */
  usage: "P" | "T";
  /** ISA12: 00401 for 004010. */
  version: string;
  separators: X12Separators;
  groups: ParsedGroup[];
}

/** The ISA is fixed-length: 106 characters, the segment terminator being the last. */
const ISA_LENGTH = 106;

export function parseInterchange(raw: string): ParsedInterchange {
  const edi = raw.replace(/^[\uFEFF\s]+/, "");
  if (!edi.startsWith("ISA")) throw new X12EnvelopeError("it does not start with an ISA segment");
  if (edi.length < ISA_LENGTH) throw new X12EnvelopeError(`it is cut short: the ISA segment alone is ${ISA_LENGTH} characters and only ${edi.length} arrived`);
  const separators: X12Separators = { element: edi.charAt(3), subElement: edi.charAt(104), segment: edi.charAt(105) };
  // ISA16 and the terminator sit at fixed places; a mis-padded ISA puts data letters there instead.
  if (edi.charAt(103) !== separators.element || /[A-Za-z0-9 ]/.test(separators.segment) || separators.segment === separators.element) {
    throw new X12EnvelopeError(`the ISA segment is not ${ISA_LENGTH} characters long (its sub-element separator and segment terminator are not where the fixed layout puts them); check the padding of its fields`);
  }

  let interchange: X12Interchange;
  try {
    interchange = new X12Parser(false).parse(edi) as X12Interchange;
  } catch (error) {
    throw new X12EnvelopeError(`it could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const isa = interchange.header;
  const v = (segment: X12Segment, n: number) => (segment.valueOf(n) ?? "").trim();
  if (!interchange.trailer) throw new X12EnvelopeError("it is cut short: there is no IEA trailer");
  const control = v(isa, 13);
  if (!/^\d+$/.test(control)) throw new X12EnvelopeError(`the interchange control number (ISA13) is not numeric`);
  const interchangeControl = control.padStart(9, "0");
  if (v(interchange.trailer, 2).padStart(9, "0") !== interchangeControl) {
    throw new X12EnvelopeError(`IEA02 (${v(interchange.trailer, 2)}) does not repeat the control number in ISA13 (${interchangeControl})`);
  }
  const usage = v(isa, 15);
  if (usage !== "P" && usage !== "T") throw new X12EnvelopeError(`the usage indicator (ISA15) is "${usage}", not P (production) or T (test)`);
  if (interchange.functionalGroups.length === 0) throw new X12EnvelopeError("it holds no functional group (GS)");

  return {
    sender: { qualifier: v(isa, 5), id: v(isa, 6) },
    receiver: { qualifier: v(isa, 7), id: v(isa, 8) },
    interchangeControl,
    usage,
    version: v(isa, 12),
    separators,
    groups: interchange.functionalGroups.map((group, i) => parseGroup(group, i + 1, v)),
  };
}

function parseGroup(group: X12FunctionalGroup, ordinal: number, v: (segment: X12Segment, n: number) => string): ParsedGroup {
  const gs = group.header;
  const ge = group.trailer as X12Segment | undefined;
  if (!ge) throw new X12EnvelopeError(`it is cut short: functional group ${ordinal} (GS06 ${v(gs, 6)}) has no GE trailer`);
  const errors: ParsedGroup["errors"] = [];
  const setsIncluded = Number(v(ge, 1));
  if (setsIncluded !== group.transactions.length) {
    errors.push({ message: `GE01 says ${v(ge, 1)} transaction sets but the group holds ${group.transactions.length}`, code: "5" });
  }
  if (v(ge, 2) !== v(gs, 6)) {
    errors.push({ message: `GE02 (${v(ge, 2)}) does not repeat the group control number in GS06 (${v(gs, 6)})`, code: "4" });
  }
  return {
    functionalId: v(gs, 1),
    applicationSender: v(gs, 2),
    applicationReceiver: v(gs, 3),
    groupControl: v(gs, 6),
    version: v(gs, 8),
    setsIncluded: Number.isFinite(setsIncluded) ? setsIncluded : group.transactions.length,
    errors,
    sets: group.transactions.map(mapPurchaseOrder),
  };
}
