// The 810 invoice (004010) for one shipment of one PO. Money arrives in cents and leaves as X12
// wants each element: IT104 unit price and TXI02 tax in decimal dollars; TDS01 total and SAC05
// shipping charge in cents, which X12 reads with two implied decimals.

import { BadInput } from "../../domain/errors";
import type { UnitOfMeasure } from "../../domain/units";
import { buildInterchange, seg, type OutboundEnvelope, type X12SegmentData } from "./envelope";
import { party, type EdiAddress } from "./shipNotice856";
import { decimalFromCents, unitToX12, x12Date } from "./x12Values";

export interface InvoiceLine {
  /** IT101: the PO line number it bills. */
  lineNo: number;
  quantity: number;
  unit: UnitOfMeasure;
  unitPriceMinor: number;
  buyerPart?: string;
  upc?: string;
  /** Our SKU, sent as the vendor part (VN). */
  sku: string;
}

export interface InvoiceInput {
  envelope: OutboundEnvelope;
  setControl: number;
  invoiceNumber: string;
  invoiceDate: string;
  poNumber: string;
  poDate?: string;
  shipDate: string;
  shipTo: EdiAddress;
  /** N1*RE: who the buyer pays (us). */
  remitTo: EdiAddress;
  netDays: number;
  /** ITD06: the net due date, yyyy-mm-dd. */
  dueDate: string;
  lines: InvoiceLine[];
  shippingMinor?: number;
  taxMinor?: number;
}

export function build810(input: InvoiceInput): string {
  if (input.lines.length === 0) throw BadInput.field("lines", "an invoice needs at least one line");
  const cents = (field: string, value: number) => {
    if (!Number.isSafeInteger(value) || value < 0) throw BadInput.field(field, `${value} is not a whole, non-negative number of cents`);
    return value;
  };
  const body: X12SegmentData[] = [
    seg("BIG", x12Date(input.invoiceDate), input.invoiceNumber, input.poDate && x12Date(input.poDate), input.poNumber),
    ...party("ST", input.shipTo),
    ...party("RE", input.remitTo),
    // ITD01 05 discount not applicable, ITD02 3 invoice date basis; ITD06 net due date, ITD07 net days.
    seg("ITD", "05", "3", undefined, undefined, undefined, x12Date(input.dueDate), input.netDays),
    seg("DTM", "011", x12Date(input.shipDate)),
  ];
  let totalMinor = 0;
  input.lines.forEach((line, i) => {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) throw BadInput.field(`lines[${i}].quantity`, `${line.quantity} is not a positive whole number`);
    totalMinor += line.quantity * cents(`lines[${i}].unitPriceMinor`, line.unitPriceMinor);
    const ids = ([["BP", line.buyerPart], ["UP", line.upc], ["VN", line.sku]] as const).flatMap(([q, id]) => (id ? [q, id] : []));
    body.push(seg("IT1", line.lineNo, line.quantity, unitToX12(line.unit), decimalFromCents(line.unitPriceMinor), undefined, ...ids));
  });
  const shipping = input.shippingMinor ? cents("shippingMinor", input.shippingMinor) : 0;
  const tax = input.taxMinor ? cents("taxMinor", input.taxMinor) : 0;
  totalMinor += shipping + tax;
  // TDS01: the invoice total with two implied decimals (12345 is $123.45).
  body.push(seg("TDS", totalMinor));
  // TXI02 is a decimal amount; SAC05 has two implied decimals, like TDS.
  if (tax > 0) body.push(seg("TXI", "ST", decimalFromCents(tax)));
  if (shipping > 0) body.push(seg("SAC", "C", "G830", undefined, undefined, shipping));
  body.push(seg("CTT", input.lines.length));
  return buildInterchange(input.envelope, [{ setId: "810", setControl: input.setControl, body }]);
}
