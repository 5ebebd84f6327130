import { adminRouter } from "./routers/admin";
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
});
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
