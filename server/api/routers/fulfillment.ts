import { z } from "zod";
import { MAX_CODE } from "../../domain/limits";
import { requiredText } from "../../services/fields";
import { cancelFulfillment, cancelFulfillmentInput } from "../../services/fulfillment/cancelFulfillment";
import { confirmDelivery, confirmDeliveryInput } from "../../services/fulfillment/confirmDelivery";
import { confirmPick, confirmPickInput } from "../../services/fulfillment/confirmPick";
import { packFulfillment, packFulfillmentInput } from "../../services/fulfillment/packFulfillment";
import { generatePickList, openPickList, pickListInput } from "../../services/fulfillment/pickList";
import { fulfillmentDetail, fulfillmentQueue, fulfillmentQueueInput, quoteShipment, quoteShipmentInput, shippingOptions } from "../../services/fulfillment/queries";
import { recordShipment, recordShipmentInput } from "../../services/fulfillment/recordShipment";
import { reportShortPick, reportShortPickInput, resolveShortPick, resolveShortPickInput } from "../../services/fulfillment/shortPick";
import { router, staffProcedure } from "../trpc";

export const fulfillmentRouter = router({
  queue: staffProcedure.input(fulfillmentQueueInput).query(({ ctx, input }) => fulfillmentQueue(ctx.db, ctx.actor, input)),
  byId: staffProcedure.input(z.object({ fulfillmentId: requiredText(MAX_CODE) })).query(({ ctx, input }) => fulfillmentDetail(ctx.db, ctx.actor, input.fulfillmentId)),
  shippingOptions: staffProcedure.query(({ ctx }) => shippingOptions(ctx.db, ctx.actor)),
  quote: staffProcedure.input(quoteShipmentInput).query(({ ctx, input }) => quoteShipment(ctx.db, ctx.actor, input)),
  pickList: staffProcedure.input(pickListInput).query(({ ctx, input }) => openPickList(ctx.db, ctx.actor, input)),
  generatePickList: staffProcedure.input(pickListInput).mutation(({ ctx, input }) => generatePickList(ctx.db, ctx.actor, input)),
  confirmPick: staffProcedure.input(confirmPickInput).mutation(({ ctx, input }) => confirmPick(ctx.db, ctx.actor, input)),
  reportShortPick: staffProcedure.input(reportShortPickInput).mutation(({ ctx, input }) => reportShortPick(ctx.db, ctx.actor, input)),
  resolveShortPick: staffProcedure.input(resolveShortPickInput).mutation(({ ctx, input }) => resolveShortPick(ctx.db, ctx.actor, input)),
  pack: staffProcedure.input(packFulfillmentInput).mutation(({ ctx, input }) => packFulfillment(ctx.db, ctx.actor, input)),
  ship: staffProcedure.input(recordShipmentInput).mutation(({ ctx, input }) => recordShipment(ctx.db, ctx.actor, input)),
  confirmDelivery: staffProcedure.input(confirmDeliveryInput).mutation(({ ctx, input }) => confirmDelivery(ctx.db, ctx.actor, input)),
  cancel: staffProcedure.input(cancelFulfillmentInput).mutation(({ ctx, input }) => cancelFulfillment(ctx.db, ctx.actor, input)),
});
