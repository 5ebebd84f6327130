export * from "./identity";
export * from "./catalog";
export * from "./warehouse";
export * from "./inventory";
export * from "./orders";
export * from "./fulfillment";
export * from "./events";
export * from "./shipping";
