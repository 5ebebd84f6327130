import { z } from "zod";
import { MAX_CODE } from "../../domain/limits";
import { requiredText } from "../../services/fields";
import { deleteBin, deleteBinInput } from "../../services/admin/deleteBin";
import { carrierDetail, listAdminChanges, listCarriers, listPeople, listProducts, listWarehouses } from "../../services/admin/queries";
import { saveAccount, saveAccountInput } from "../../services/admin/saveAccount";
import { saveProduct, saveProductInput } from "../../services/admin/saveProduct";
import { saveUser, saveUserInput } from "../../services/admin/saveUser";
import { setLotExpiry, setLotExpiryInput } from "../../services/admin/setLotExpiry";
import { autoAllocateSetting, setAutoAllocate, setAutoAllocateInput } from "../../services/admin/setAutoAllocate";
import { carrierRef, rotateWebhookSecret } from "../../services/admin/rotateWebhookSecret";
import { saveBin, saveBinInput } from "../../services/admin/saveBin";
import { saveCarrier, saveCarrierInput } from "../../services/admin/saveCarrier";
import { saveWarehouse, saveWarehouseInput } from "../../services/admin/saveWarehouse";
import { setCarrierRates, setCarrierRatesInput } from "../../services/admin/setCarrierRates";
import { setCarrierZones, setCarrierZonesInput } from "../../services/admin/setCarrierZones";
import { createApiKey, createApiKeyInput } from "../../services/apiKeys/createApiKey";
import { listApiKeys } from "../../services/apiKeys/listApiKeys";
import { revokeApiKey, revokeApiKeyInput } from "../../services/apiKeys/revokeApiKey";
import { createWebhookEndpoint, createWebhookEndpointInput, getWebhookEndpoint, listWebhookEndpoints, rotateWebhookEndpointSecret, updateWebhookEndpoint, updateWebhookEndpointInput, webhookEndpointRef } from "../../services/webhooks/endpoints";
import { listWebhookDeliveries, listWebhookDeliveriesInput, replayWebhookEvents, replayWebhookEventsInput, resendWebhookDelivery, resendWebhookDeliveryInput } from "../../services/webhooks/deliveries";
import { adminProcedure, router } from "../trpc";

export const adminRouter = router({
  changes: adminProcedure.query(({ ctx }) => listAdminChanges(ctx.db, ctx.actor)),
  carriers: adminProcedure.query(({ ctx }) => listCarriers(ctx.db, ctx.actor)),
  carrier: adminProcedure.input(z.object({ carrierId: requiredText(MAX_CODE) })).query(({ ctx, input }) => carrierDetail(ctx.db, ctx.actor, input.carrierId)),
  saveCarrier: adminProcedure.input(saveCarrierInput).mutation(({ ctx, input }) => saveCarrier(ctx.db, ctx.actor, input)),
  rotateWebhookSecret: adminProcedure.input(carrierRef).mutation(({ ctx, input }) => rotateWebhookSecret(ctx.db, ctx.actor, input)),
  setCarrierZones: adminProcedure.input(setCarrierZonesInput).mutation(({ ctx, input }) => setCarrierZones(ctx.db, ctx.actor, input)),
  setCarrierRates: adminProcedure.input(setCarrierRatesInput).mutation(({ ctx, input }) => setCarrierRates(ctx.db, ctx.actor, input)),
  warehouses: adminProcedure.query(({ ctx }) => listWarehouses(ctx.db, ctx.actor)),
  saveWarehouse: adminProcedure.input(saveWarehouseInput).mutation(({ ctx, input }) => saveWarehouse(ctx.db, ctx.actor, input)),
  saveBin: adminProcedure.input(saveBinInput).mutation(({ ctx, input }) => saveBin(ctx.db, ctx.actor, input)),
  deleteBin: adminProcedure.input(deleteBinInput).mutation(({ ctx, input }) => deleteBin(ctx.db, ctx.actor, input)),
  products: adminProcedure.query(({ ctx }) => listProducts(ctx.db, ctx.actor)),
  saveProduct: adminProcedure.input(saveProductInput).mutation(({ ctx, input }) => saveProduct(ctx.db, ctx.actor, input)),
  setLotExpiry: adminProcedure.input(setLotExpiryInput).mutation(({ ctx, input }) => setLotExpiry(ctx.db, ctx.actor, input)),
  people: adminProcedure.query(({ ctx }) => listPeople(ctx.db, ctx.actor)),
  saveAccount: adminProcedure.input(saveAccountInput).mutation(({ ctx, input }) => saveAccount(ctx.db, ctx.actor, input)),
  saveUser: adminProcedure.input(saveUserInput).mutation(({ ctx, input }) => saveUser(ctx.db, ctx.actor, input)),
  apiKeys: adminProcedure.query(({ ctx }) => listApiKeys(ctx.db, ctx.actor)),
  createApiKey: adminProcedure.input(createApiKeyInput).mutation(({ ctx, input }) => createApiKey(ctx.db, ctx.actor, input)),
  revokeApiKey: adminProcedure.input(revokeApiKeyInput).mutation(({ ctx, input }) => revokeApiKey(ctx.db, ctx.actor, input)),
  webhookEndpoints: adminProcedure.query(({ ctx }) => listWebhookEndpoints(ctx.db, ctx.actor)),
  webhookEndpoint: adminProcedure.input(webhookEndpointRef).query(({ ctx, input }) => getWebhookEndpoint(ctx.db, ctx.actor, input)),
  webhookDeliveries: adminProcedure.input(listWebhookDeliveriesInput).query(({ ctx, input }) => listWebhookDeliveries(ctx.db, ctx.actor, input)),
  createWebhookEndpoint: adminProcedure.input(createWebhookEndpointInput).mutation(({ ctx, input }) => createWebhookEndpoint(ctx.db, ctx.actor, input)),
  updateWebhookEndpoint: adminProcedure.input(updateWebhookEndpointInput).mutation(({ ctx, input }) => updateWebhookEndpoint(ctx.db, ctx.actor, input)),
  rotateWebhookEndpointSecret: adminProcedure.input(webhookEndpointRef).mutation(({ ctx, input }) => rotateWebhookEndpointSecret(ctx.db, ctx.actor, input)),
  resendWebhookDelivery: adminProcedure.input(resendWebhookDeliveryInput).mutation(({ ctx, input }) => resendWebhookDelivery(ctx.db, ctx.actor, input)),
  replayWebhookEvents: adminProcedure.input(replayWebhookEventsInput).mutation(({ ctx, input }) => replayWebhookEvents(ctx.db, ctx.actor, input)),
  autoAllocate: adminProcedure.query(({ ctx }) => autoAllocateSetting(ctx.db, ctx.actor)),
  setAutoAllocate: adminProcedure.input(setAutoAllocateInput).mutation(({ ctx, input }) => setAutoAllocate(ctx.db, ctx.actor, input)),
});
