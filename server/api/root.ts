import { adminRouter } from "./routers/admin";
import { channelsRouter } from "./routers/channels";
import { fulfillmentRouter } from "./routers/fulfillment";
import { inventoryRouter } from "./routers/inventory";
import { ordersRouter } from "./routers/orders";
import { sessionRouter } from "./routers/session";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  session: sessionRouter,
  orders: ordersRouter,
  inventory: inventoryRouter,
  fulfillment: fulfillmentRouter,
  admin: adminRouter,
  channels: channelsRouter,
});
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
