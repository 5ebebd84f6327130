// The X12 layer for B2B EDI: read 850s, acknowledge with a 997, send 856 ship notices and 810
// invoices. Pure code: the caller keeps control numbers and partner settings in the database.

export { parseInterchange, type ParsedGroup, type ParsedInterchange } from "./interchange";
export { type PurchaseOrderResult } from "./purchaseOrder850";
export { build997, groupAckCode, setAckCode, type Ack997Input, type AckGroupInput, type AckSetOutcome, type X12SetError } from "./ack997";
export { build856, isValidSscc18, sscc18, type EdiAddress, type ShipNoticeInput, type ShipNoticeItem, type ShipNoticePackage } from "./shipNotice856";
export { build810, type InvoiceInput, type InvoiceLine } from "./invoice810";
export { X12EnvelopeError, type OutboundEnvelope, type X12Party, type X12Separators } from "./envelope";
