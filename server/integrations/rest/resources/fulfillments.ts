import { z } from "zod";
import { cancelFulfillment, cancelFulfillmentInput } from "../../../services/fulfillment/cancelFulfillment";
import { confirmDelivery, confirmDeliveryInput } from "../../../services/fulfillment/confirmDelivery";
import { confirmPick, confirmPickInput } from "../../../services/fulfillment/confirmPick";
import { fulfillmentRef } from "../../../services/fulfillment/lock";
import { packFulfillment, packFulfillmentInput } from "../../../services/fulfillment/packFulfillment";
import { generatePickList, MAX_WAVE, openPickList, pickListInput } from "../../../services/fulfillment/pickList";
import { fulfillmentDetail, fulfillmentQueue, fulfillmentQueueInput, quoteShipment, quoteShipmentInput } from "../../../services/fulfillment/queries";
import { recordShipment, recordShipmentInput } from "../../../services/fulfillment/recordShipment";
import { reportShortPick, reportShortPickInput, resolveShortPick, resolveShortPickInput } from "../../../services/fulfillment/shortPick";
import { text } from "../../../services/fields";
import { restRoute, type RestRoute } from "../route";
import { fulfillmentDetailOutput, fulfillmentOutput, fulfillmentQueueOutput, pickListOutput, rateQuoteOutput, shipmentOutput } from "./fulfillmentSchemas";

const TAG = "Fulfillments";
const fulfillmentParams = fulfillmentRef.pick({ fulfillmentId: true });
// Commands take the service's own input minus the fulfillment (it is in the path); `version` may come from `If-Match`.

export const fulfillmentRoutes: RestRoute[] = [
  restRoute({
    method: "GET",
    path: "/fulfillments",
    operationId: "listFulfillments",
    summary: "The fulfillment queue",
    description: "Oldest order first, as the floor works through it; filter by status, channel, requested carrier and a wave cut-off (`receivedBefore`). At most `limit` rows (200 unless asked).",
    tag: TAG,
    query: fulfillmentQueueInput,
    output: fulfillmentQueueOutput,
    call: async ({ db, actor }, { query }) => ({ rows: await fulfillmentQueue(db, actor, query) }),
  }),
  restRoute({
    method: "GET",
    path: "/fulfillments/{fulfillmentId}",
    operationId: "getFulfillment",
    summary: "Get a fulfillment",
    description: "Lines, open pick lines, packages, shipment, what was picked from where, and timeline.",
    tag: TAG,
    params: fulfillmentParams,
    output: fulfillmentDetailOutput,
    call: ({ db, actor }, { params }) => fulfillmentDetail(db, actor, params.fulfillmentId),
  }),
  restRoute({
    method: "POST",
    path: "/pick-lists",
    operationId: "generatePickList",
    summary: "Generate a pick list for one fulfillment or a wave",
    description: "The open pick lines of these fulfillments in walking order, with lot, bin and expiry. Fulfillments still ALLOCATED start PICKING; reservations on lots that stopped being usable move first (or the fulfillment shows the EXCEPTION).",
    tag: TAG,
    body: pickListInput,
    output: pickListOutput,
    call: async ({ db, actor }, { body }) => ({ lines: await generatePickList(db, actor, body) }),
  }),
  restRoute({
    method: "GET",
    path: "/pick-lists",
    operationId: "getPickList",
    summary: "The open pick list of fulfillments being picked",
    description: "The same lines as generatePickList, changing nothing. `fulfillmentIds` is comma-separated.",
    tag: TAG,
    query: z.object({ fulfillmentIds: text(MAX_WAVE * 37) }),
    output: pickListOutput,
    call: async ({ db, actor }, { query }) => ({
      lines: await openPickList(db, actor, {
        fulfillmentIds: query.fulfillmentIds
          .split(",")
          .map((id) => id.trim())
          .filter(Boolean),
      }),
    }),
  }),
  restRoute({
    method: "POST",
    path: "/fulfillments/{fulfillmentId}/picks",
    operationId: "confirmPick",
    summary: "Confirm a pick line",
    description: "What was really picked for a line (`reservationId` from the pick list): another lot or bin than suggested is accepted if that lot is usable for the order and has the units free. When everything is picked, an EXCEPTION fulfillment returns to PICKING.",
    tag: TAG,
    params: fulfillmentParams,
    body: confirmPickInput.omit({ fulfillmentId: true }),
    output: fulfillmentOutput,
    versioned: true,
    call: ({ db, actor }, { params, body }) => confirmPick(db, actor, { ...body, fulfillmentId: params.fulfillmentId }),
  }),
  restRoute({
    method: "POST",
    path: "/fulfillments/{fulfillmentId}/short-picks",
    operationId: "reportShortPick",
    summary: "Report a short pick",
    description: "Fewer units were found at the line's lot and bin than it asks: what was found is picked and the fulfillment goes to EXCEPTION with the shortage.",
    tag: TAG,
    params: fulfillmentParams,
    body: reportShortPickInput.omit({ fulfillmentId: true }),
    output: fulfillmentOutput,
    versioned: true,
    call: ({ db, actor }, { params, body }) => reportShortPick(db, actor, { ...body, fulfillmentId: params.fulfillmentId }),
  }),
  restRoute({
    method: "POST",
    path: "/fulfillments/{fulfillmentId}/resolve-short-pick",
    operationId: "resolveShortPick",
    summary: "Resolve a short pick by shipping what was found",
    description: "EXCEPTION → PICKING: the missing units become a backorder on the order.",
    tag: TAG,
    params: fulfillmentParams,
    body: resolveShortPickInput.omit({ fulfillmentId: true }),
    output: fulfillmentOutput,
    versioned: true,
    call: ({ db, actor }, { params, body }) => resolveShortPick(db, actor, { ...body, fulfillmentId: params.fulfillmentId }),
  }),
  restRoute({
    method: "POST",
    path: "/fulfillments/{fulfillmentId}/pack",
    operationId: "packFulfillment",
    summary: "Pack a fulfillment",
    description: "PICKING → PACKED once everything is picked, with each package's weight and dimensions.",
    tag: TAG,
    params: fulfillmentParams,
    body: packFulfillmentInput.omit({ fulfillmentId: true }),
    output: fulfillmentOutput,
    versioned: true,
    call: ({ db, actor }, { params, body }) => packFulfillment(db, actor, { ...body, fulfillmentId: params.fulfillmentId }),
  }),
  restRoute({
    method: "GET",
    path: "/fulfillments/{fulfillmentId}/rate-quote",
    operationId: "quoteShipment",
    summary: "Quote a shipment's rate",
    description: "The cost the carrier's rate table gives for the packed weight and the destination, and the transit days.",
    tag: TAG,
    params: fulfillmentParams,
    query: quoteShipmentInput.omit({ fulfillmentId: true }),
    output: rateQuoteOutput,
    call: ({ db, actor }, { params, query }) => quoteShipment(db, actor, { ...query, fulfillmentId: params.fulfillmentId }),
  }),
  restRoute({
    method: "POST",
    path: "/fulfillments/{fulfillmentId}/ship",
    operationId: "recordShipment",
    summary: "Record a shipment",
    description: "PACKED → SHIPPED, the irreversible step: the picked units leave on-hand, the shipment is costed from the rate table, and the order becomes SHIPPED (or PARTIALLY_SHIPPED while a backorder is open). A B2B order is invoiced.",
    tag: TAG,
    params: fulfillmentParams,
    body: recordShipmentInput.omit({ fulfillmentId: true }),
    output: shipmentOutput,
    successStatus: 201,
    versioned: true,
    call: ({ db, actor }, { params, body }) => recordShipment(db, actor, { ...body, fulfillmentId: params.fulfillmentId }),
  }),
  restRoute({
    method: "POST",
    path: "/fulfillments/{fulfillmentId}/confirm-delivery",
    operationId: "confirmDelivery",
    summary: "Confirm delivery",
    description: "SHIPPED → DELIVERED → CLOSED with the signer (and a note) as proof; the order is delivered and closed when nothing else is open.",
    tag: TAG,
    params: fulfillmentParams,
    body: confirmDeliveryInput.omit({ fulfillmentId: true }),
    output: fulfillmentOutput,
    versioned: true,
    call: ({ db, actor }, { params, body }) => confirmDelivery(db, actor, { ...body, fulfillmentId: params.fulfillmentId }),
  }),
  restRoute({
    method: "POST",
    path: "/fulfillments/{fulfillmentId}/cancel",
    operationId: "cancelFulfillment",
    summary: "Cancel a fulfillment",
    description: "Any state before shipment → CANCELLED, with a reason: picks are reversed and the order returns to ALLOCATED.",
    tag: TAG,
    params: fulfillmentParams,
    body: cancelFulfillmentInput.omit({ fulfillmentId: true }),
    output: fulfillmentOutput,
    versioned: true,
    call: ({ db, actor }, { params, body }) => cancelFulfillment(db, actor, { ...body, fulfillmentId: params.fulfillmentId }),
  }),
];
