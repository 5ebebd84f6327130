import { channelConnectionRef, getChannelConnection, listChannelConnections, saveChannelConnection, saveChannelConnectionInput } from "../../services/channels/connections";
import { getIntakeMessage, intakeMessageRef, listIntakeMessages, listIntakeMessagesInput, replayIntakeMessage } from "../../services/channels/intake";
import { partnerDocuments, receiveInterchange, receiveInterchangeInput } from "../../services/channels/edi";
import { listChannelSkuMaps, mapChannelSku, mapChannelSkuInput } from "../../services/channels/skuMap";
import { adminProcedure, router, staffProcedure } from "../trpc";

/**
 * Sales channels and what they send in. Connecting one is an admin's job; reading the intake log,
 * mapping an unknown SKU and replaying the message it refused are the operators' daily work.
 */
export const channelsRouter = router({
  connections: staffProcedure.query(({ ctx }) => listChannelConnections(ctx.db, ctx.actor)),
  connection: staffProcedure.input(channelConnectionRef).query(({ ctx, input }) => getChannelConnection(ctx.db, ctx.actor, input.connectionId)),
  saveConnection: adminProcedure.input(saveChannelConnectionInput).mutation(({ ctx, input }) => saveChannelConnection(ctx.db, ctx.actor, input)),
  skuMaps: staffProcedure.input(channelConnectionRef).query(({ ctx, input }) => listChannelSkuMaps(ctx.db, ctx.actor, input.connectionId)),
  mapSku: staffProcedure.input(mapChannelSkuInput).mutation(({ ctx, input }) => mapChannelSku(ctx.db, ctx.actor, input)),
  intakeMessages: staffProcedure.input(listIntakeMessagesInput).query(({ ctx, input }) => listIntakeMessages(ctx.db, ctx.actor, input)),
  intakeMessage: staffProcedure.input(intakeMessageRef).query(({ ctx, input }) => getIntakeMessage(ctx.db, ctx.actor, input)),
  receiveInterchange: adminProcedure.input(receiveInterchangeInput).mutation(({ ctx, input }) => receiveInterchange(ctx.db, ctx.actor, input)),
  ediDocuments: staffProcedure.input(channelConnectionRef).query(({ ctx, input }) => partnerDocuments(ctx.db, ctx.actor, input.connectionId)),
  replayIntakeMessage: staffProcedure.input(intakeMessageRef).mutation(({ ctx, input }) => replayIntakeMessage(ctx.db, ctx.actor, input)),
});
