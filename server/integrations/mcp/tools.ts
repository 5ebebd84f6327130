import { z } from "zod";
import { orderDocument, orderDocuments } from "../../services/orders/documents";
import { dailySummary, dailySummaryInput, type DailySummaryInput } from "../../services/dailySummary";
import { listExceptions, listExceptionsInput, type ListExceptionsInput } from "../../services/exceptions";
import { MAX_INTERCHANGE_BYTES } from "../../services/channels/edi";
import { EXCEPTION_KINDS, type ExceptionKind } from "../../domain/exceptions";
import { orderRef } from "../../services/orders/orderRef";
import { getOrderDetail, orderIdByNumber } from "../../services/orders/queries";
import { trackShipment, trackShipmentInput, type TrackShipmentInput } from "../../services/orders/tracking";
import { codeText } from "../../services/fields";
import { parseInput } from "../../services/input";
import type { Actor } from "../../services/actor";
import type { DbOrTx } from "../../../db/client";
import { outDate, outId, outInt, outList, outText, outTime } from "../rest/outputs";
import { ediDocumentOutput, orderDetailOutput, orderDocumentsOutput } from "../rest/resources/orderSchemas";
import { REST_ROUTES } from "../rest/routes";
import type { RestRoute } from "../rest/route";
import { ORDER_STATES } from "../../domain/orderLoop";
import { toolFromRoute, type McpTool } from "./tool";

// The Commerce Gateway's tools. Each is offered to a key only if its role may do the
// `permission` (server/domain/permissions.ts); the service checks again, and scopes every read
// to the key's workspace and, for a customer key, its account.

function route(operationId: string): RestRoute {
  const found = REST_ROUTES.find((r) => r.operationId === operationId);
  if (!found) throw new Error(`No REST route ${operationId}`);
  return found;
}

/** An order named by id or by number, as an agent may know either. */
const orderChoice = z.object({
  orderId: orderRef.shape.orderId.optional(),
  /** The number on documents and e-mails, as `LMB-ORD-2026-0041`. */
  number: codeText.optional(),
});
function exactlyOneOrder(input: { orderId?: string; number?: string }, ctx: z.RefinementCtx) {
  if ((input.orderId === undefined) === (input.number === undefined)) ctx.addIssue({ code: "custom", path: ["orderId"], message: "give the order's id or its number (one of them)" });
}

async function chosenOrderId(db: DbOrTx, actor: Actor, args: z.output<typeof orderChoice>): Promise<string> {
  return args.orderId ?? orderIdByNumber(db, actor, args.number!);
}

/** The rule as JSON Schema too, so an agent sees it in tools/list. */
const ONE_ORDER = { oneOf: [{ required: ["orderId"] }, { required: ["number"] }] };
const getOrderInput = orderChoice.superRefine(exactlyOneOrder).meta(ONE_ORDER);
const getDocumentInput = orderChoice
  .extend({ documentNumber: codeText.describe("A packing slip's fulfillment number, an invoice number or an X12 document's number (`X12-856-000000042`), as list_documents gives them.") })
  .superRefine(exactlyOneOrder)
  .meta(ONE_ORDER);

const slip = orderDocumentsOutput.shape.packingSlips.element;
const invoice = orderDocumentsOutput.shape.invoices.element;
const documentOutput = z.object({
  order: orderDocumentsOutput.shape.order,
  workspaceName: orderDocumentsOutput.shape.workspaceName,
  kind: z.enum(["packing_slip", "invoice", "edi"]),
  /** Set when kind is packing_slip. */
  packingSlip: slip.nullable(),
  /** Set when kind is invoice. */
  invoice: invoice.nullable(),
  /** Set when kind is edi: the document and its X12 text as exchanged. */
  edi: ediDocumentOutput.extend({ x12: outText(MAX_INTERCHANGE_BYTES) }).nullable(),
});

const exceptionRowOutput = z.object({
  kind: z.enum(EXCEPTION_KINDS),
  subject: outText(),
  orderNumber: outText().nullable(),
  detail: outText(10_000),
  since: outTime,
});
const countsOutput = z.object(Object.fromEntries(EXCEPTION_KINDS.map((kind) => [kind, outInt])) as Record<ExceptionKind, typeof outInt>);
const exceptionsOutput = z.object({ rows: outList(exceptionRowOutput, 200), total: outInt, counts: countsOutput });
const dailySummaryOutput = z.object({
  date: outDate,
  timeZone: outText(),
  from: outTime,
  to: outTime,
  orders: z.object({ received: outInt, allocated: outInt, shipped: outInt, delivered: outInt, cancelled: outInt }),
  unitsShipped: outInt,
  openOrdersByStatus: z.object(Object.fromEntries(ORDER_STATES.filter((s) => !["DELIVERED", "CLOSED", "CANCELLED"].includes(s)).map((s) => [s, outInt]))),
  exceptions: z.object({ open: countsOutput, raisedThatDay: countsOutput }),
});

const trackingOutput = z.object({ orderId: outId, orderNumber: outText(), orderStatus: z.enum(ORDER_STATES), shipments: orderDetailOutput.shape.shipments });

const readOnly = { readOnlyHint: true, openWorldHint: false } as const;

export const MCP_TOOLS: McpTool[] = [
  // Everyone in scope: staff see the workspace, a customer key its account's orders only.
  toolFromRoute(route("listOrders"), {
    name: "search_orders",
    title: "Search orders",
    description:
      "Find orders, newest first. `search` matches part of the order number, customer name, buyer PO or channel reference; `channelReference` finds the channel's own reference exactly (Shopify's `#1001`, a Square order id, an EDI PO number). Filter by `status`, `channel`, B2B `accountCode`, `updatedSince` (ISO time) and the time received: `receivedFrom` / `receivedTo`, each a time (`2026-11-23T08:00:00Z`) or a day (`2026-11-23`, the whole day in the workspace's time zone, both ends included). Returns one page (`limit`, 50 unless asked, at most 200) with `total` and `nextCursor` (pass it back as `cursor`). A customer key finds its own account's orders only.",
    permission: "order.read",
  }),
  {
    name: "get_order",
    title: "Get an order",
    description:
      "One order by `orderId` or by `number`: status, lines (allocated and backordered quantities), fulfillments, shipments with tracking links and proof of delivery, lots shipped, and the timeline of loop events. Staff keys also get the allocation (lot and bin per reservation). An order outside the key's reach reads as not found.",
    permission: "order.read",
    annotations: { title: "Get an order", ...readOnly },
    input: getOrderInput,
    output: orderDetailOutput,
    call: async ({ db, actor }, args) => getOrderDetail(db, actor, await chosenOrderId(db, actor, parseInput(getOrderInput, args))),
  },
  {
    name: "track_shipment",
    title: "Track a shipment",
    description:
      "Where a parcel is, by `trackingNumber`, or all of an order's shipments by `orderNumber`: carrier, service, tracking link, status (IN_TRANSIT, DELIVERED, …), dispatch time, estimated delivery date and proof of delivery, with the order's status.",
    permission: "order.read",
    annotations: { title: "Track a shipment", ...readOnly },
    input: trackShipmentInput,
    output: trackingOutput,
    call: ({ db, actor }, args) => trackShipment(db, actor, args as TrackShipmentInput),
  },
  {
    name: "list_documents",
    title: "List an order's documents",
    description:
      "The documents an order has so far, by `orderId` or `number`: a packing slip per packed fulfillment (lines and the lots in the boxes), for a B2B order an invoice per shipment (number, issue and due date, amount, lines), and for an EDI order its X12 documents (`ediDocuments`: the 856 ship notice and 810 invoice sent; staff keys also the 997 that acknowledged the 850). Empty lists until something is packed.",
    permission: "order.read",
    annotations: { title: "List an order's documents", ...readOnly },
    input: getOrderInput,
    output: orderDocumentsOutput,
    call: async ({ db, actor }, args) => orderDocuments(db, actor, await chosenOrderId(db, actor, parseInput(getOrderInput, args))),
  },
  {
    name: "get_document",
    title: "Get one document",
    description:
      "One packing slip (by its fulfillment number), invoice (by its number, `INV-…`) or X12 document (by its number, `X12-856-…`, with the X12 text as exchanged) of an order given by `orderId` or `number`, with the order's head (ship-to, buyer PO, terms) as the document prints it.",
    permission: "order.read",
    annotations: { title: "Get one document", ...readOnly },
    input: getDocumentInput,
    output: documentOutput,
    call: async ({ db, actor }, args) => {
      const input = parseInput(getDocumentInput, args);
      return orderDocument(db, actor, await chosenOrderId(db, actor, input), input.documentNumber);
    },
  },
  toolFromRoute(route("cancelOrder"), {
    name: "cancel_order",
    title: "Cancel an order",
    description:
      "Cancel an order that has not shipped (`orderId`, optional `reason`, optional `version` you last saw): every reservation is released. Cancelling a cancelled order changes nothing. A customer key may cancel its account's orders only where the account allows it; nothing shipped can be cancelled (that is a return).",
    permission: "order.cancel",
    destructiveHint: true,
    idempotentHint: true,
  }),
  // Customer keys (and staff): an order for the key's own account.
  toolFromRoute(route("createOrder"), {
    name: "place_order",
    title: "Place an order",
    description:
      "Place an order: `customerName`, `shipTo`, `lines` (`sku`, `quantity`, optional `uom` CASE or PALLET). Prices come from the price list and terms from the account, never from the request. A customer key orders for its own account (if the account may place orders); staff keys may set `channel`, `accountCode`, pinned lots and overrides with `overrideReason`. The order is RECEIVED, waiting to be allocated. Each call places a new order.",
    permission: "order.create",
  }),
  // Staff keys: the warehouse's own view and the loops.
  toolFromRoute(route("listPositions"), {
    name: "check_availability",
    title: "Check availability",
    description:
      "Stock by SKU, lot and bin: on hand, reserved and available (on hand − reserved), with each lot's expiry and QC status, in FEFO order per SKU. Filter by exact `sku`, `lotCode`, `binCode` or `search`. Only RELEASED lots that expire after the ship date plus the product's minimum shelf life can be allocated.",
    permission: "inventory.read",
  }),
  toolFromRoute(route("allocateOrder"), {
    name: "allocate_order",
    title: "Allocate an order",
    description:
      "RECEIVED → ALLOCATED: reserve stock for every line, FEFO, usable lots only. Short stock is refused with INSUFFICIENT_STOCK and the shortage per SKU, unless the order accepts backorders. Optional `version` guards against acting on a stale read.",
    permission: "order.allocate",
    idempotentHint: true,
  }),
  toolFromRoute(route("allocateOrders"), {
    name: "allocate_orders",
    title: "Allocate a batch of orders",
    description:
      "Allocate up to 200 orders (`orders`: `orderId`, optional `version`) in one transaction, oldest received first. Each order gets its own result: `allocated` true with its new version and any backorder, or false with the error a single allocation would give (INSUFFICIENT_STOCK with the shortage, INVALID_TRANSITION, VERSION_CONFLICT, NOT_FOUND); refused orders reserve nothing. Use list_orders with status RECEIVED to find candidates.",
    permission: "order.allocate",
    idempotentHint: true,
  }),
  toolFromRoute(route("releaseAllocation"), {
    name: "release_allocation",
    title: "Release an order's allocation",
    description: "ALLOCATED → RECEIVED: the order's reserved stock goes back to available.",
    permission: "order.release",
    idempotentHint: true,
  }),
  toolFromRoute(route("queueForFulfillment"), {
    name: "queue_for_fulfillment",
    title: "Queue an order for fulfillment",
    description: "ALLOCATED → FULFILLMENT_QUEUED: opens a fulfillment for the reserved lines; get_order then lists it under `fulfillments`.",
    permission: "order.queue",
    idempotentHint: true,
  }),
  toolFromRoute(route("listFulfillments"), {
    name: "list_fulfillments",
    title: "The fulfillment queue",
    description: "Fulfillments oldest order first, as the floor works through them. Filter by `status` (EXCEPTION lists short picks and lots gone unusable), `channel`, `carrierCode` and `receivedBefore`.",
    permission: "fulfillment.read",
  }),
  {
    name: "list_exceptions",
    title: "What needs a person now",
    description:
      "Open exceptions, oldest first, each with `kind`, `subject` (what to look up), `orderNumber`, `detail` and `since`: SHORT_PICK (a fulfillment in EXCEPTION after a short pick), LOT_UNUSABLE (a fulfillment held by, or units still reserved on, a lot on hold, recalled or too close to expiry), DELIVERY_FAILED (the carrier reports a failed delivery), INTAKE_REJECTED (a channel order refused in whole or in part; the subject is the intake message), INTAKE_STUCK (a channel message not processed after five minutes) and CHANNEL_SEND_FAILING (tracking, an 856 or an 810 owed to a channel whose last attempt failed). `since` (ISO time) keeps those that began after it; `limit` (100 unless asked, at most 200). `counts` has every kind's total.",
    permission: "exception.read",
    annotations: { title: "What needs a person now", ...readOnly },
    input: listExceptionsInput,
    output: exceptionsOutput,
    call: ({ db, actor }, args) => listExceptions(db, actor, args as ListExceptionsInput),
  },
  {
    name: "get_daily_summary",
    title: "The day in figures",
    description:
      "One day (`date`, YYYY-MM-DD; today in the workspace's time zone unless given): orders received, allocated, shipped, delivered and cancelled that day (each order once per milestone), units shipped, and as of now the open orders by status and the open exceptions by kind, with those raised that day. Use list_exceptions for the exceptions themselves.",
    permission: "board.read",
    annotations: { title: "The day in figures", ...readOnly },
    input: dailySummaryInput,
    output: dailySummaryOutput,
    call: ({ db, actor }, args) => dailySummary(db, actor, args as DailySummaryInput),
  },
  toolFromRoute(route("getFulfillment"), {
    name: "get_fulfillment",
    title: "Get a fulfillment",
    description: "One fulfillment by `fulfillmentId`: status and version, lines, open pick lines, packages, shipment, what was picked from which lot and bin, and its timeline.",
    permission: "fulfillment.read",
  }),
  toolFromRoute(route("generatePickList"), {
    name: "generate_pick_list",
    title: "Generate a pick list",
    description:
      "The open pick lines of one or more fulfillments (`fulfillmentIds`) in walking order: SKU, quantity, lot, bin, expiry and the `reservationId` that confirm_pick needs. Fulfillments still ALLOCATED start PICKING. Asking again gives the same lines.",
    permission: "fulfillment.pick",
    idempotentHint: true,
  }),
  toolFromRoute(route("confirmPick"), {
    name: "confirm_pick",
    title: "Confirm a pick line",
    description:
      "What was really picked for a pick line (`fulfillmentId`, `reservationId`, `lotCode`, `binCode`, `quantity`): another lot or bin than suggested is accepted if that lot is usable and has the units free; over-picking is refused.",
    permission: "fulfillment.pick",
  }),
  toolFromRoute(route("packFulfillment"), {
    name: "pack_fulfillment",
    title: "Pack a fulfillment",
    description: "PICKING → PACKED once everything is picked, with each package's `weightGrams`, `lengthMm`, `widthMm` and `heightMm`.",
    permission: "fulfillment.pack",
    idempotentHint: true,
  }),
  toolFromRoute(route("recordShipment"), {
    name: "record_shipment",
    title: "Record a shipment",
    description:
      "PACKED → SHIPPED, the irreversible step: `carrierCode`, `serviceCode`, `trackingNumber`. The picked units leave stock, the shipment is costed from the carrier's rate table, the order becomes SHIPPED (or PARTIALLY_SHIPPED with a backorder open) and a B2B order is invoiced.",
    permission: "fulfillment.ship",
    idempotentHint: true,
  }),
  toolFromRoute(route("confirmDelivery"), {
    name: "confirm_delivery",
    title: "Confirm delivery",
    description: "SHIPPED → DELIVERED → CLOSED with proof: `signer` (and an optional `note`, `deliveredAt`). The order is delivered and closed when nothing else is open.",
    permission: "fulfillment.deliver",
    idempotentHint: true,
  }),
  // Admin keys only.
  toolFromRoute(route("setLotQcStatus"), {
    name: "set_lot_qc_status",
    title: "Set a lot's QC status",
    description: "Release, hold, quarantine or recall a lot (`sku`, `lotCode`, `qcStatus`, `reason`). It takes effect at once: the next allocation skips a lot that is not RELEASED, and the next pick list moves reservations off it.",
    permission: "lot.qc",
    idempotentHint: true,
  }),
];
