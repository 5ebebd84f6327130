import { eventRoutes } from "./resources/events";
import { fulfillmentRoutes } from "./resources/fulfillments";
import { inventoryRoutes } from "./resources/inventory";
import { orderRoutes } from "./resources/orders";
import { webhookRoutes } from "./resources/webhooks";
import { ediRoutes } from "./resources/edi";
import type { RestRoute } from "./route";

/**
 * Every operation of /api/v1. The handler, openapi.json and the access, contract and property
 * tests all walk this list, so a route added here is served, documented and tested at once.
 */
export const REST_ROUTES: RestRoute[] = [...orderRoutes, ...fulfillmentRoutes, ...inventoryRoutes, ...eventRoutes, ...webhookRoutes, ...ediRoutes];
