import type { Database } from "../client";
import type { Channel } from "../../server/domain/commercial";
import { addDays } from "../../server/domain/dates";
import type { OrderState } from "../../server/domain/orderLoop";
import type { UnitOfMeasure } from "../../server/domain/units";
import type { Actor } from "../../server/services/actor";
import { allocateOrder } from "../../server/services/orders/allocateOrder";
import { cancelOrder } from "../../server/services/orders/cancelOrder";
import { createOrder } from "../../server/services/orders/createOrder";
import { queueForFulfillment } from "../../server/services/orders/queueForFulfillment";
import { B2B_SITES, CONSUMERS } from "./people";

type Line = [sku: string, quantity: number, uom?: UnitOfMeasure, lotCode?: string];
interface LiveOrder {
  channel: Channel;
  /** A consumer index, or a B2B account code with its PO. */
  to: number | { account: string; po: string; windowFromDays?: number };
  lines: Line[];
  state: Extract<OrderState, "RECEIVED" | "ALLOCATED" | "FULFILLMENT_QUEUED" | "CANCELLED">;
  backorder?: boolean;
  cancelFrom?: "RECEIVED" | "ALLOCATED" | "FULFILLMENT_QUEUED";
}

// Every live order goes through the real commands, so its reservations, events and versions
// are exactly what the app itself would have written.
const LIVE: LiveOrder[] = [
  { channel: "B2B_EDI", to: { account: "IRONRIDGE", po: "PO-IR-2026-0089", windowFromDays: 8 }, lines: [["LMB-BRS-001", 20, "CASE"], ["LMB-HBM-220", 10, "CASE"], ["LMB-BRT-001", 8, "CASE"]], state: "ALLOCATED" },
  { channel: "WHOLESALE_PORTAL", to: { account: "HARBOR", po: "HSG-11-2207" }, lines: [["LMB-BRS-001", 4, "CASE", "BRS-2610"], ["LMB-CLN-150", 2, "CASE"]], state: "ALLOCATED" },
  { channel: "SHOPIFY", to: 0, lines: [["LMB-HBM-220", 2], ["LMB-CLN-150", 1]], state: "ALLOCATED" },
  { channel: "AMAZON", to: 1, lines: [["LMB-SPF-050", 3]], state: "ALLOCATED" },
  { channel: "SQUARE", to: 2, lines: [["LMB-GFT-SET", 1]], state: "ALLOCATED" },
  { channel: "SHOPIFY", to: 3, lines: [["LMB-BRS-001", 1], ["LMB-BRT-001", 1]], state: "FULFILLMENT_QUEUED" },
  { channel: "SHOPIFY", to: 4, lines: [["LMB-HBM-220", 3]], state: "FULFILLMENT_QUEUED" },
  { channel: "AMAZON", to: 5, lines: [["LMB-CLN-150", 2], ["LMB-SPF-050", 1]], state: "FULFILLMENT_QUEUED" },
  { channel: "SQUARE", to: 6, lines: [["LMB-VCS-030", 1]], state: "FULFILLMENT_QUEUED" },
  { channel: "WHOLESALE_PORTAL", to: { account: "HARBOR", po: "HSG-11-2214" }, lines: [["LMB-HBM-220", 2, "CASE"], ["LMB-BRT-001", 1, "CASE"]], state: "FULFILLMENT_QUEUED" },
  { channel: "MANUAL", to: 7, lines: [["LMB-GFT-SET", 2]], state: "FULFILLMENT_QUEUED" },
  { channel: "SHOPIFY", to: 0, lines: [["LMB-BRS-001", 2]], state: "RECEIVED" },
  { channel: "SHOPIFY", to: 1, lines: [["LMB-HBM-220", 1], ["LMB-VCS-030", 1], ["LMB-CLN-150", 1]], state: "RECEIVED" },
  { channel: "AMAZON", to: 2, lines: [["LMB-SPF-050", 2]], state: "RECEIVED" },
  { channel: "AMAZON", to: 3, lines: [["LMB-BRT-001", 1]], state: "RECEIVED" },
  { channel: "SQUARE", to: 4, lines: [["LMB-CLN-150", 3]], state: "RECEIVED" },
  { channel: "MANUAL", to: 5, lines: [["LMB-GFT-SET", 1], ["LMB-BRS-001", 1]], state: "RECEIVED" },
  { channel: "B2B_EDI", to: { account: "IRONRIDGE", po: "PO-IR-2026-0094", windowFromDays: 15 }, lines: [["LMB-HBM-220", 6, "CASE"], ["LMB-CLN-150", 6, "CASE"]], state: "RECEIVED" },
  // More SPF than is usable (one lot is recalled): allocating shows the shortage per SKU.
  { channel: "WHOLESALE_PORTAL", to: { account: "HARBOR", po: "HSG-11-2231" }, lines: [["LMB-SPF-050", 15, "CASE"]], state: "RECEIVED" },
  { channel: "SHOPIFY", to: 6, lines: [["LMB-HBM-220", 1]], state: "CANCELLED", cancelFrom: "RECEIVED" },
  { channel: "AMAZON", to: 7, lines: [["LMB-BRS-001", 2]], state: "CANCELLED", cancelFrom: "ALLOCATED" },
  { channel: "SQUARE", to: 0, lines: [["LMB-VCS-030", 2]], state: "CANCELLED", cancelFrom: "FULFILLMENT_QUEUED" },
  // Last, because it takes all usable Vitamin C serum: the rest is backordered.
  { channel: "B2B_EDI", to: { account: "NORTHWIND", po: "NW-88412", windowFromDays: 12 }, lines: [["LMB-VCS-030", 25, "CASE"]], state: "ALLOCATED", backorder: true },
];

/** What each channel's customers usually choose at checkout. */
const SHIPPING_BY_CHANNEL: Record<Channel, { carrierCode: string; serviceCode: string } | undefined> = {
  SHOPIFY: { carrierCode: "FEDEX", serviceCode: "GROUND" },
  SQUARE: { carrierCode: "FEDEX", serviceCode: "EXPRESS_SAVER" },
  AMAZON: { carrierCode: "UPS", serviceCode: "2ND_DAY_AIR" },
  WHOLESALE_PORTAL: { carrierCode: "UPS", serviceCode: "GROUND" },
  B2B_EDI: { carrierCode: "UPS", serviceCode: "GROUND" },
  MANUAL: undefined,
};

export async function seedLiveOrders(db: Database, operator: Actor, today: string): Promise<void> {
  for (const o of LIVE) {
    const consumer = typeof o.to === "number" ? CONSUMERS[o.to]! : null;
    const b2b = typeof o.to === "number" ? null : o.to;
    const site = b2b ? B2B_SITES[b2b.account]! : null;
    const name = consumer?.name ?? site!.name;
    const windowStart = b2b?.windowFromDays ? addDays(today, b2b.windowFromDays) : undefined;
    let order = await createOrder(db, operator, {
      channel: o.channel,
      shippingMethod: SHIPPING_BY_CHANNEL[o.channel],
      accountCode: b2b?.account,
      buyerPo: b2b?.po,
      customerName: name,
      customerEmail: consumer?.email,
      shipTo: { name, ...(consumer?.shipTo ?? site!.shipTo) },
      deliveryWindow: windowStart ? { start: windowStart, end: addDays(windowStart, 4) } : undefined,
      plannedShipDate: windowStart ? addDays(windowStart, -3) : today,
      acceptsBackorder: o.backorder ?? false,
      lines: o.lines.map(([sku, quantity, uom, lotCode]) => ({ sku, quantity, uom, lotCode })),
    });
    const target = o.state === "CANCELLED" ? o.cancelFrom! : o.state;
    if (target !== "RECEIVED") order = await allocateOrder(db, operator, { orderId: order.id, version: order.version });
    if (target === "FULFILLMENT_QUEUED") order = await queueForFulfillment(db, operator, { orderId: order.id, version: order.version });
    if (o.state === "CANCELLED") await cancelOrder(db, operator, { orderId: order.id, version: order.version, reason: "Customer asked to cancel" });
  }
}
