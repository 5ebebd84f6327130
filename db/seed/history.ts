import { eq } from "drizzle-orm";
import type { Database } from "../client";
import { loopEvents, orderLines, orders, products, type workspaces } from "../schema";
import type { Channel } from "../../server/domain/commercial";
import { addDays } from "../../server/domain/dates";
import { orderEventType, type OrderState } from "../../server/domain/orderLoop";
import type { Actor } from "../../server/services/actor";
import { nextOrderNumber } from "../../server/services/orders/orderNumber";
import { B2B_SITES, CONSUMERS } from "./people";

interface PastOrder {
  channel: Channel;
  to: number | { account: string; po: string };
  lines: [sku: string, quantity: number, backordered?: number][];
  state: Extract<OrderState, "SHIPPED" | "PARTIALLY_SHIPPED" | "DELIVERED" | "CLOSED">;
  daysAgo: number;
}

const PAST: PastOrder[] = [
  { channel: "SHOPIFY", to: 0, lines: [["LMB-BRS-001", 1]], state: "CLOSED", daysAgo: 16 },
  { channel: "AMAZON", to: 1, lines: [["LMB-HBM-220", 2], ["LMB-CLN-150", 1]], state: "CLOSED", daysAgo: 14 },
  { channel: "B2B_EDI", to: { account: "IRONRIDGE", po: "PO-IR-2026-0071" }, lines: [["LMB-BRS-001", 120], ["LMB-BRT-001", 96]], state: "CLOSED", daysAgo: 13 },
  { channel: "SQUARE", to: 2, lines: [["LMB-GFT-SET", 1]], state: "CLOSED", daysAgo: 12 },
  { channel: "WHOLESALE_PORTAL", to: { account: "HARBOR", po: "HSG-10-2188" }, lines: [["LMB-CLN-150", 48]], state: "CLOSED", daysAgo: 11 },
  { channel: "SHOPIFY", to: 3, lines: [["LMB-SPF-050", 2]], state: "DELIVERED", daysAgo: 8 },
  { channel: "AMAZON", to: 4, lines: [["LMB-VCS-030", 1], ["LMB-BRS-001", 1]], state: "DELIVERED", daysAgo: 7 },
  { channel: "B2B_EDI", to: { account: "NORTHWIND", po: "NW-88377" }, lines: [["LMB-HBM-220", 144]], state: "DELIVERED", daysAgo: 7 },
  { channel: "SHOPIFY", to: 5, lines: [["LMB-BRT-001", 1]], state: "SHIPPED", daysAgo: 4 },
  { channel: "MANUAL", to: 6, lines: [["LMB-GFT-SET", 3]], state: "SHIPPED", daysAgo: 3 },
  { channel: "AMAZON", to: 7, lines: [["LMB-CLN-150", 2]], state: "SHIPPED", daysAgo: 3 },
  { channel: "B2B_EDI", to: { account: "IRONRIDGE", po: "PO-IR-2026-0082" }, lines: [["LMB-HBM-220", 240]], state: "SHIPPED", daysAgo: 2 },
  { channel: "WHOLESALE_PORTAL", to: { account: "HARBOR", po: "HSG-11-2196" }, lines: [["LMB-BRS-001", 48], ["LMB-VCS-030", 36, 12]], state: "PARTIALLY_SHIPPED", daysAgo: 5 },
  { channel: "B2B_EDI", to: { account: "IRONRIDGE", po: "PO-IR-2026-0085" }, lines: [["LMB-SPF-050", 96, 48]], state: "PARTIALLY_SHIPPED", daysAgo: 4 },
];

const PATH: Record<PastOrder["state"], OrderState[]> = {
  PARTIALLY_SHIPPED: ["RECEIVED", "ALLOCATED", "FULFILLMENT_QUEUED", "PARTIALLY_SHIPPED"],
  SHIPPED: ["RECEIVED", "ALLOCATED", "FULFILLMENT_QUEUED", "SHIPPED"],
  DELIVERED: ["RECEIVED", "ALLOCATED", "FULFILLMENT_QUEUED", "SHIPPED", "DELIVERED"],
  CLOSED: ["RECEIVED", "ALLOCATED", "FULFILLMENT_QUEUED", "SHIPPED", "DELIVERED", "CLOSED"],
};
/** Hours after receipt at which each milestone happened. */
const HOURS_AFTER: Record<OrderState, number> = { RECEIVED: 0, ALLOCATED: 0.05, FULFILLMENT_QUEUED: 1.5, SHIPPED: 20, PARTIALLY_SHIPPED: 20, DELIVERED: 70, CLOSED: 71, CANCELLED: 1 };

/**
 * Orders that shipped before Loopline took over, imported as history: their stock left before
 * our ledger starts, so they hold no reservations and touch no positions. Their timeline is
 * written as it happened, each event marked imported. Live orders go through the commands.
 */
export async function importOrderHistory(
  db: Database,
  ctx: { workspace: typeof workspaces.$inferSelect; warehouseId: string; today: string; accountId: Map<string, string>; actor: Actor },
): Promise<void> {
  const catalogue = new Map((await db.select().from(products).where(eq(products.workspaceId, ctx.workspace.id))).map((p) => [p.sku, p]));
  const sorted = [...PAST].sort((a, b) => b.daysAgo - a.daysAgo);
  for (const [i, past] of sorted.entries()) {
    const at = (state: OrderState) => new Date(Date.now() - past.daysAgo * 86_400_000 + (HOURS_AFTER[state] + i * 0.3) * 3_600_000);
    const consumer = typeof past.to === "number" ? CONSUMERS[past.to]! : null;
    const b2b = typeof past.to === "number" ? null : past.to;
    const site = b2b ? B2B_SITES[b2b.account]! : null;
    const name = consumer?.name ?? site!.name;
    const path = PATH[past.state];
    const reached = (s: OrderState) => (path.includes(s) ? at(s) : null);
    const shippedAt = reached("SHIPPED") ?? reached("PARTIALLY_SHIPPED");

    await db.transaction(async (tx) => {
      const number = await nextOrderNumber(tx, ctx.workspace, new Date(at("RECEIVED")).getUTCFullYear());
      const lines = past.lines.map(([sku, quantity, backordered = 0]) => ({ product: catalogue.get(sku)!, quantity, backordered }));
      const [order] = await tx
        .insert(orders)
        .values({
          workspaceId: ctx.workspace.id,
          number,
          channel: past.channel,
          status: past.state,
          version: path.length,
          warehouseId: ctx.warehouseId,
          accountId: b2b ? ctx.accountId.get(b2b.account)! : null,
          customerName: name,
          customerEmail: consumer?.email ?? null,
          shipTo: { name, ...(consumer?.shipTo ?? site!.shipTo) },
          currency: ctx.workspace.currency,
          totalMinor: lines.reduce((n, l) => n + l.quantity * l.product.unitPriceMinor, 0),
          buyerPo: b2b?.po ?? null,
          paymentTerms: b2b ? "NET_30" : null,
          plannedShipDate: addDays(ctx.today, -past.daysAgo),
          acceptsBackorder: lines.some((l) => l.backordered > 0),
          receivedAt: at("RECEIVED"),
          allocatedAt: reached("ALLOCATED"),
          queuedAt: reached("FULFILLMENT_QUEUED"),
          shippedAt,
          deliveredAt: reached("DELIVERED"),
          closedAt: reached("CLOSED"),
        })
        .returning();
      await tx.insert(orderLines).values(
        lines.map((l, n) => ({ workspaceId: ctx.workspace.id, orderId: order!.id, lineNo: n + 1, productId: l.product.id, quantity: l.quantity, uomQuantity: l.quantity, unitPriceMinor: l.product.unitPriceMinor, backorderedQty: l.backordered })),
      );
      await tx.insert(loopEvents).values(
        path.map((state, n) => ({
          workspaceId: ctx.workspace.id,
          type: orderEventType(n === 0 ? null : path[n - 1]!, state),
          subjectType: "order",
          subjectId: order!.id,
          fromState: n === 0 ? null : path[n - 1]!,
          toState: state,
          actorId: ctx.actor.userId,
          actorLabel: "Import from previous system",
          payload: { number, imported: true },
          occurredAt: at(state),
        })),
      );
    });
  }
}
