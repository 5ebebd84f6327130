import { z } from "zod";
import { CHANNELS, PAYMENT_TERMS } from "../../../domain/commercial";
import { FULFILLMENT_STATES } from "../../../domain/fulfillmentLoop";
import { ORDER_STATES } from "../../../domain/orderLoop";
import { SHIPMENT_STATUSES } from "../../../domain/shipping";
import { UNITS_OF_MEASURE } from "../../../domain/units";
import { outDate, outId, outInt, outList, outRecord, outText, outTime } from "../outputs";

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
    warehouseId: outId,
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
    requestedServiceId: outId.nullable(),
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
    /** Staff only. */
    warehouseId: outId.optional(),
    /** Staff only. */
    requestedServiceId: outId.nullable().optional(),
    accountName: outText().nullable(),
    warehouseCode: outText(),
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
    timeline: outList(
      z.object({
        id: outId,
        type: outText(),
        subjectType: outText(),
        subjectId: outId,
        fromState: outText().nullable(),
        toState: outText().nullable(),
        actorLabel: outText(),
        payload: outRecord,
        occurredAt: outTime,
      }),
    ),
});
