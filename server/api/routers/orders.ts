import { z } from "zod";
import { MAX_CODE } from "../../domain/limits";
import { requiredText } from "../../services/fields";
import { allocateBackorder, allocateOrder, allocateOrders, allocateOrdersInput } from "../../services/orders/allocateOrder";
import { allocateReceived, allocateReceivedInput } from "../../services/orders/allocateReceived";
import { cancelOrder, cancelOrderInput } from "../../services/orders/cancelOrder";
import { createOrder, createOrderInput } from "../../services/orders/createOrder";
import { orderRef } from "../../services/orders/orderRef";
import { getOrderDetail, listOrders, listOrdersInput } from "../../services/orders/queries";
import { queueForFulfillment } from "../../services/orders/queueForFulfillment";
import { releaseAllocation } from "../../services/orders/releaseAllocation";
import { orderFormOptions } from "../../services/catalog/queries";
import { releaseToPicking } from "../../services/fulfillment/releaseToPicking";
import { boardInput, loadBoard } from "../../services/orders/board";
import { orderDocuments } from "../../services/orders/documents";
import { orderChannelActivity } from "../../services/channels/outbox";
import { router, signedInProcedure, staffProcedure } from "../trpc";

export const ordersRouter = router({
  list: signedInProcedure.input(listOrdersInput).query(({ ctx, input }) => listOrders(ctx.db, ctx.actor, input)),
  byId: signedInProcedure.input(z.object({ orderId: requiredText(MAX_CODE) })).query(({ ctx, input }) => getOrderDetail(ctx.db, ctx.actor, input.orderId)),
  channelActivity: staffProcedure.input(z.object({ orderId: requiredText(MAX_CODE) })).query(({ ctx, input }) => orderChannelActivity(ctx.db, ctx.actor, input.orderId)),
  documents: signedInProcedure.input(z.object({ orderId: requiredText(MAX_CODE) })).query(({ ctx, input }) => orderDocuments(ctx.db, ctx.actor, input.orderId)),
  formOptions: signedInProcedure.query(({ ctx }) => orderFormOptions(ctx.db, ctx.actor)),
  create: signedInProcedure.input(createOrderInput).mutation(({ ctx, input }) => createOrder(ctx.db, ctx.actor, input)),
  allocate: staffProcedure.input(orderRef).mutation(({ ctx, input }) => allocateOrder(ctx.db, ctx.actor, input)),
  allocateMany: staffProcedure.input(allocateOrdersInput).mutation(({ ctx, input }) => allocateOrders(ctx.db, ctx.actor, input)),
  allocateReceived: staffProcedure.input(allocateReceivedInput).mutation(({ ctx, input }) => allocateReceived(ctx.db, ctx.actor, input)),
  allocateBackorder: staffProcedure.input(orderRef).mutation(({ ctx, input }) => allocateBackorder(ctx.db, ctx.actor, input)),
  releaseAllocation: staffProcedure.input(orderRef).mutation(({ ctx, input }) => releaseAllocation(ctx.db, ctx.actor, input)),
  queueForFulfillment: staffProcedure.input(orderRef).mutation(({ ctx, input }) => queueForFulfillment(ctx.db, ctx.actor, input)),
  releaseToPicking: staffProcedure.input(orderRef).mutation(({ ctx, input }) => releaseToPicking(ctx.db, ctx.actor, input)),
  board: staffProcedure.input(boardInput).query(({ ctx, input }) => loadBoard(ctx.db, ctx.actor, input)),
  cancel: signedInProcedure.input(cancelOrderInput).mutation(({ ctx, input }) => cancelOrder(ctx.db, ctx.actor, input)),
});
