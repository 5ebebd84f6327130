import { z } from "zod";
import { EDI_DOCUMENT_TYPES } from "../../../domain/channels";
import { CHANNELS, PAYMENT_TERMS } from "../../../domain/commercial";
import { FULFILLMENT_STATES } from "../../../domain/fulfillmentLoop";
import { ORDER_STATES } from "../../../domain/orderLoop";
import { SHIPMENT_STATUSES } from "../../../domain/shipping";
import { UNITS_OF_MEASURE } from "../../../domain/units";
import { outDate, outId, outInt, outList, outRecord, outText, outTime, timelineEntryOutput } from "../outputs";

// What the REST API answers about orders: the services' answers, field for field (camelCase),
// minus internal columns (workspace). The handler strips anything not listed here.

const shipTo = z.object({
  name: outText(),
  line1: outText(),
  line2: outText().optional(),
  city: outText(),
  region: outText(),
  postalCode: outText(),
  country: outText(2),
});

export const orderOutput = z.object({
    id: outId,
    number: outText(),
    status: z.enum(ORDER_STATES),
    version: outInt,
    channel: z.enum(CHANNELS),
    /** Staff only. */
    warehouseId: outId.optional(),
    accountId: outId.nullable(),
    customerName: outText(),
    customerEmail: outText().nullable(),
    shipTo,
    currency: outText(3),
    totalMinor: outInt,
    buyerPo: outText().nullable(),
    paymentTerms: z.enum(PAYMENT_TERMS).nullable(),
    deliveryWindowStart: outDate.nullable(),
    deliveryWindowEnd: outDate.nullable(),
    plannedShipDate: outDate,
    acceptsBackorder: z.boolean(),
    /** Staff only. */
    requestedServiceId: outId.nullable().optional(),
    cancelReason: outText().nullable(),
    receivedAt: outTime,
    allocatedAt: outTime.nullable(),
    queuedAt: outTime.nullable(),
    shippedAt: outTime.nullable(),
    deliveredAt: outTime.nullable(),
    closedAt: outTime.nullable(),
    cancelledAt: outTime.nullable(),
});

export const orderListOutput = z.object({
  rows: outList(
    z.object({
      id: outId,
      number: outText(),
      status: z.enum(ORDER_STATES),
      version: outInt,
      channel: z.enum(CHANNELS),
      customerName: outText(),
      accountName: outText().nullable(),
      totalMinor: outInt,
      currency: outText(3),
      receivedAt: outTime,
      skuCount: outInt,
    }),
    200,
  ),
  /** Orders matching the filters, on every page. */
  total: outInt,
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: outText(100).nullable(),
});

/** Staff see everything below; a customer key gets the buyer's allow-list (fields marked "staff only" are absent). */
export const orderDetailOutput = orderOutput.extend({
    accountName: outText().nullable(),
    /** Staff only. */
    warehouseCode: outText().optional(),
    lines: outList(
      z.object({
        id: outId,
        lineNo: outInt,
        sku: outText(),
        name: outText(),
        quantity: outInt,
        uom: z.enum(UNITS_OF_MEASURE),
        uomQuantity: outInt,
        unitPriceMinor: outInt,
        allocatedQty: outInt,
        backorderedQty: outInt,
        pinnedLotCode: outText().nullable(),
      }),
    ),
    /** Staff only (empty for a customer key): the reservations, lot by lot and bin by bin. */
    allocation: outList(
      z.object({
        id: outId,
        lineId: outId,
        sku: outText(),
        lotCode: outText(),
        expiresOn: outDate.nullable(),
        binCode: outText(),
        availableBefore: outInt,
        quantity: outInt,
        status: z.enum(["ACTIVE", "RELEASED", "CONSUMED"]),
        pinned: z.boolean(),
      }),
    ),
    /** Staff keys get every milestone; a customer key the number and status. */
    fulfillments: outList(
      z.object({
        id: outId,
        number: outText(),
        status: z.enum(FULFILLMENT_STATES),
        version: outInt.optional(),
        createdAt: outTime.optional(),
        pickingAt: outTime.nullable().optional(),
        packedAt: outTime.nullable().optional(),
        shippedAt: outTime.nullable().optional(),
        deliveredAt: outTime.nullable().optional(),
        closedAt: outTime.nullable().optional(),
        cancelledAt: outTime.nullable().optional(),
      }),
      100,
    ),
    /** Traceability: every lot the order took away, and how much of each. */
    lotsShipped: outList(z.object({ sku: outText(), lotCode: outText(), expiresOn: outDate.nullable(), quantity: outInt }), 1_000),
    shipments: outList(
      z.object({
        id: outId,
        carrier: outText(),
        service: outText(),
        trackingNumber: outText(),
        trackingUrl: outText(2_000).nullable(),
        status: z.enum(SHIPMENT_STATUSES),
        dispatchedAt: outTime,
        estimatedDeliveryOn: outDate,
        deliveredAt: outTime.nullable(),
        proof: outRecord.nullable(),
      }),
      100,
    ),
    timeline: outList(timelineEntryOutput),
});

/** An X12 document on an order's list, without its text (get_document gives that). */
export const ediDocumentOutput = z.object({
  /** `X12-856-000000042`: the type and the interchange control number. */
  documentNumber: outText(),
  type: z.enum(EDI_DOCUMENT_TYPES),
  /** Sent by us (856, 810, 997) or received (850). */
  outbound: z.boolean(),
  interchangeControl: outInt,
  createdAt: outTime,
});

/** An order's documents as they exist: a packing slip per packed fulfillment, an invoice per B2B shipment. */
export const orderDocumentsOutput = z.object({
  order: z.object({
    id: outId,
    number: outText(),
    customerName: outText(),
    accountName: outText().nullable(),
    shipTo,
    buyerPo: outText().nullable(),
    paymentTerms: z.enum(PAYMENT_TERMS).nullable(),
    deliveryWindowStart: outDate.nullable(),
    deliveryWindowEnd: outDate.nullable(),
  }),
  /** The seller, as the documents head them. */
  workspaceName: outText(),
  packingSlips: outList(
    z.object({
      fulfillmentNumber: outText(),
      status: z.enum(FULFILLMENT_STATES),
      shipment: z.object({ trackingNumber: outText(), dispatchedAt: outTime }).nullable(),
      packages: outInt,
      weightGrams: outInt,
      lines: outList(
        z.object({
          lineNo: outInt,
          sku: outText(),
          name: outText(),
          quantity: outInt,
          lots: outList(z.object({ lotCode: outText(), expiresOn: outDate.nullable() }), 1_000),
        }),
      ),
    }),
    100,
  ),
  invoices: outList(
    z.object({
      number: outText(),
      issuedOn: outDate,
      dueOn: outDate,
      trackingNumber: outText(),
      amountMinor: outInt,
      currency: outText(3),
      lines: outList(z.object({ sku: outText(), name: outText(), quantity: outInt, unitPriceMinor: outInt, amountMinor: outInt })),
    }),
    100,
  ),
  /** X12 documents for an EDI order: the 856 and 810 sent (a buyer sees only these), and for staff the 997 that acknowledged its 850. */
  ediDocuments: outList(ediDocumentOutput, 100),
});

/** Each order of an allocation batch with its own outcome, in the order they were asked for. */
export const allocationResultsOutput = z.object({
  results: outList(
    z.discriminatedUnion("allocated", [
      z.object({
        orderId: outId,
        number: outText(),
        allocated: z.literal(true),
        status: z.enum(ORDER_STATES),
        version: outInt,
        /** Per SKU, what could not be reserved (only for orders that accept backorders). */
        backordered: outList(z.object({ sku: outText(), quantity: outInt })),
      }),
      z.object({
        orderId: outId,
        /** Null when no such order is in the workspace. */
        number: outText().nullable(),
        allocated: z.literal(false),
        /** The same code, message and details a refused single allocation answers with. */
        error: z.object({ code: outText(), message: outText(2_000), details: outRecord }),
      }),
    ]),
  ),
});
