import { z } from "zod";
import { allocateBackorder, allocateOrder, allocateOrders, allocateOrdersInput } from "../../../services/orders/allocateOrder";
import { cancelOrder, cancelOrderInput } from "../../../services/orders/cancelOrder";
import { createOrder, createOrderInput } from "../../../services/orders/createOrder";
import { orderDocuments } from "../../../services/orders/documents";
import { orderRef } from "../../../services/orders/orderRef";
import { buyerOrderRow, getOrderDetail, getOrderDetailByNumber, listOrders, listOrdersInput } from "../../../services/orders/queries";
import { queueForFulfillment } from "../../../services/orders/queueForFulfillment";
import { releaseAllocation } from "../../../services/orders/releaseAllocation";
import { codeText } from "../../../services/fields";
import { restRoute, type RestRoute } from "../route";
import { allocationResultsOutput, orderDetailOutput, orderDocumentsOutput, orderListOutput, orderOutput } from "./orderSchemas";

const TAG = "Orders";
const orderParams = orderRef.pick({ orderId: true });
/** A command's body: the version the client last saw (or `If-Match`), nothing else. */
const versionBody = orderRef.pick({ version: true });

/** A state change of one order, by the same service the board's drag calls. */
function orderCommand(path: string, operationId: string, summary: string, description: string, service: (db: Parameters<typeof allocateOrder>[0], actor: Parameters<typeof allocateOrder>[1], input: z.input<typeof orderRef>) => Promise<unknown>): RestRoute {
  return restRoute({
    method: "POST",
    path: `/orders/{orderId}/${path}`,
    operationId,
    summary,
    description,
    tag: TAG,
    params: orderParams,
    body: versionBody,
    output: orderOutput,
    versioned: true,
    call: ({ db, actor }, { params, body }) => service(db, actor, { orderId: params.orderId, version: body.version }),
  });
}

export const orderRoutes: RestRoute[] = [
  restRoute({
    method: "POST",
    path: "/orders",
    operationId: "createOrder",
    summary: "Create an order",
    description:
      "A DTC or B2B order, received and waiting to be allocated. Prices come from the price list and terms from the account; staff keys may pin lots and override prices or terms with `overrideReason`. A customer key orders for its own account through the portal channel.",
    tag: TAG,
    body: createOrderInput,
    output: orderOutput,
    successStatus: 201,
    call: async ({ db, actor }, { body }) => buyerOrderRow(await createOrder(db, actor, body), actor),
  }),
  restRoute({
    method: "GET",
    path: "/orders",
    operationId: "listOrders",
    summary: "List orders",
    description: "Newest first. Follow `nextCursor` (pass it as `cursor`) for the next page. A customer key lists its account's orders only.",
    tag: TAG,
    query: listOrdersInput.omit({ offset: true }),
    output: orderListOutput,
    call: ({ db, actor }, { query }) => listOrders(db, actor, query),
  }),
  restRoute({
    method: "GET",
    path: "/orders/{orderId}",
    operationId: "getOrder",
    summary: "Get an order",
    description: "Lines, allocation, fulfillments, shipments and timeline. A customer key gets the customer's view: no bins, stock levels or costs.",
    tag: TAG,
    params: orderParams,
    output: orderDetailOutput,
    call: ({ db, actor }, { params }) => getOrderDetail(db, actor, params.orderId),
  }),
  restRoute({
    method: "GET",
    path: "/orders/by-number/{number}",
    operationId: "getOrderByNumber",
    summary: "Get an order by its number",
    description: "The same as getOrder, found by the number on documents (`LMB-ORD-2026-0041`).",
    tag: TAG,
    params: z.object({ number: codeText }),
    output: orderDetailOutput,
    call: ({ db, actor }, { params }) => getOrderDetailByNumber(db, actor, params.number),
  }),
  restRoute({
    method: "GET",
    path: "/orders/{orderId}/documents",
    operationId: "getOrderDocuments",
    summary: "An order's documents",
    description: "The packing slip of each packed fulfillment (lines with the lots in the boxes) and, for a B2B order, the invoice of each shipment as issued when it shipped, with number, due date and lines. Empty lists until something is packed.",
    tag: TAG,
    params: orderParams,
    output: orderDocumentsOutput,
    call: ({ db, actor }, { params }) => orderDocuments(db, actor, params.orderId),
  }),
  restRoute({
    method: "POST",
    path: "/orders/allocate",
    operationId: "allocateOrders",
    summary: "Allocate a batch of orders",
    description:
      "Up to 200 orders in one transaction, oldest received first (an order never loses stock to a younger one). Each order's outcome is its own: a refused one (short, in another state, or changed since `version`) carries the same error a single allocation would answer with, and reserves nothing; the others commit. Answers 200 with one result per order, in the order asked.",
    tag: TAG,
    body: allocateOrdersInput,
    output: allocationResultsOutput,
    call: async ({ db, actor }, { body }) => ({ results: await allocateOrders(db, actor, body) }),
  }),
  orderCommand("allocate", "allocateOrder", "Allocate an order", "RECEIVED → ALLOCATED: reserves every line, FEFO. Short stock is refused with the shortage per SKU (422), unless the order accepts backorders.", allocateOrder),
  orderCommand("release-allocation", "releaseAllocation", "Release an order's allocation", "ALLOCATED → RECEIVED: the reserved stock goes back.", releaseAllocation),
  orderCommand("queue", "queueForFulfillment", "Queue an order for fulfillment", "ALLOCATED → FULFILLMENT_QUEUED: opens a fulfillment for the reserved lines.", queueForFulfillment),
  orderCommand("allocate-backorder", "allocateBackorder", "Allocate an order's backorder", "Reserves what is usable now for the backordered lines of an ALLOCATED or PARTIALLY_SHIPPED order.", allocateBackorder),
  restRoute({
    method: "POST",
    path: "/orders/{orderId}/cancel",
    operationId: "cancelOrder",
    summary: "Cancel an order",
    description: "Any state before shipment → CANCELLED; every reservation is released. Cancelling a cancelled order changes nothing. A customer key may cancel where its account allows.",
    tag: TAG,
    params: orderParams,
    body: cancelOrderInput.omit({ orderId: true }),
    output: orderOutput,
    versioned: true,
    call: async ({ db, actor }, { params, body }) => buyerOrderRow(await cancelOrder(db, actor, { ...body, orderId: params.orderId }), actor),
  }),
];
