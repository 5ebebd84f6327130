import { z } from "zod";
import { CHANNELS } from "../../../domain/commercial";
import { FULFILLMENT_STATES } from "../../../domain/fulfillmentLoop";
import { QC_STATUSES } from "../../../domain/lots";
import { SHIPMENT_STATUSES } from "../../../domain/shipping";
import { outDate, outId, outInt, outList, outRecord, outText, outTime, timelineEntryOutput } from "../outputs";

// What the REST API answers about fulfillments and stock: the services' answers, field for field
// (camelCase), minus internal columns (workspace). The handler strips anything not listed here.

export const fulfillmentOutput = z.object({
  id: outId,
  orderId: outId,
  warehouseId: outId,
  number: outText(),
  status: z.enum(FULFILLMENT_STATES),
  version: outInt,
  createdAt: outTime,
  pickingAt: outTime.nullable(),
  packedAt: outTime.nullable(),
  shippedAt: outTime.nullable(),
  deliveredAt: outTime.nullable(),
  closedAt: outTime.nullable(),
  cancelledAt: outTime.nullable(),
});

export const fulfillmentQueueOutput = z.object({
  rows: outList(
    z.object({
      id: outId,
      number: outText(),
      status: z.enum(FULFILLMENT_STATES),
      version: outInt,
      orderId: outId,
      orderNumber: outText(),
      channel: z.enum(CHANNELS),
      customerName: outText(),
      receivedAt: outTime,
      requestedService: outText().nullable(),
      skuCount: outInt,
      units: outInt,
    }),
    1_000,
  ),
});

/** One open pick line: what to take, from which lot and bin. `reservationId` names it in confirm and short-pick. */
const pickLine = z.object({
  fulfillmentId: outId,
  fulfillmentNumber: outText(),
  fulfillmentVersion: outInt,
  orderNumber: outText(),
  reservationId: outId,
  sku: outText(),
  description: outText(),
  quantity: outInt,
  lotCode: outText(),
  expiresOn: outDate.nullable(),
  binCode: outText(),
  pickSequence: outInt,
});

export const pickListOutput = z.object({ lines: outList(pickLine) });

export const shipmentOutput = z.object({
  id: outId,
  fulfillmentId: outId,
  orderId: outId,
  carrierId: outId,
  serviceId: outId,
  trackingNumber: outText(),
  zone: outText(),
  weightGrams: outInt,
  costMinor: outInt,
  currency: outText(3),
  status: z.enum(SHIPMENT_STATUSES),
  dispatchedAt: outTime,
  estimatedDeliveryOn: outDate,
  deliveredAt: outTime.nullable(),
  proof: outRecord.nullable(),
});

export const fulfillmentDetailOutput = fulfillmentOutput.extend({
  orderNumber: outText(),
  channel: z.enum(CHANNELS),
  shipTo: outRecord,
  /** `carrier:service` the customer asked for, if any. */
  requestedMethod: outText().nullable(),
  lines: outList(z.object({ id: outId, sku: outText(), name: outText(), quantity: outInt, pickedQty: outInt, shippedQty: outInt })),
  openPicks: outList(pickLine),
  packages: outList(z.object({ id: outId, weightGrams: outInt, lengthMm: outInt, widthMm: outInt, heightMm: outInt }), 100),
  shipment: z
    .object({
      shipment: shipmentOutput,
      carrierName: outText(),
      trackingUrlTemplate: outText(2_000).nullable(),
      serviceName: outText(),
    })
    .nullable(),
  /** Where the units came from, and what that bin holds now. */
  picked: outList(z.object({ id: outId, sku: outText(), lotCode: outText(), binCode: outText(), quantity: outInt, onHandNow: outInt })),
  timeline: outList(timelineEntryOutput),
});

export const rateQuoteOutput = z.object({ zone: outText(), weightGrams: outInt, costMinor: outInt, currency: outText(3), transitDays: outInt });

export const positionListOutput = z.object({
  rows: outList(
    z.object({
      id: outId,
      warehouseCode: outText(),
      binCode: outText(),
      sku: outText(),
      productName: outText(),
      lotCode: outText(),
      expiresOn: outDate.nullable(),
      qcStatus: z.enum(QC_STATUSES),
      onHand: outInt,
      reserved: outInt,
      /** On hand − reserved: what allocation may still take (if the lot is usable). */
      available: outInt,
    }),
    100_000,
  ),
});

export const receiptOutput = z.object({ id: outId, warehouseId: outId, binId: outId, productId: outId, lotId: outId, onHand: outInt, reserved: outInt });

export const lotOutput = z.object({ id: outId, productId: outId, code: outText(), expiresOn: outDate.nullable(), receivedOn: outDate, qcStatus: z.enum(QC_STATUSES) });

export const lotListOutput = z.object({
  rows: outList(z.object({ id: outId, sku: outText(), code: outText(), expiresOn: outDate.nullable(), receivedOn: outDate, qcStatus: z.enum(QC_STATUSES), onHand: outInt, reserved: outInt }), 1_000),
});
