import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Database, Tx } from "../../../db/client";
import { accounts, lots, orderLines, orders, products, warehouses } from "../../../db/schema";
import { CHANNELS, PAYMENT_TERMS } from "../../domain/commercial";
import { isIsoDate, isoDateOf } from "../../domain/dates";
import { BadInput, Forbidden, LotNotUsable, NotFound } from "../../domain/errors";
import { lotUsability } from "../../domain/lots";
import { orderEventType } from "../../domain/orderLoop";
import { lineAmount } from "../../domain/money";
import { assertCan } from "../../domain/permissions";
import { toBaseUnits, UNITS_OF_MEASURE } from "../../domain/units";
import type { Actor } from "../actor";
import { recordEvents } from "../events";
import { parseInput } from "../input";
import { loadWorkspace } from "../workspace";
import { findCarrierService } from "../fulfillment/rates";
import { nextOrderNumber } from "./orderNumber";

const isoDate = z.string().refine(isIsoDate, "must be a date written YYYY-MM-DD");

export const createOrderInput = z
  .object({
    channel: z.enum(CHANNELS).default("MANUAL"),
    warehouseCode: z.string().trim().min(1).optional(),
    /** A B2B account's code; absent for a consumer order. */
    accountCode: z.string().trim().min(1).optional(),
    customerName: z.string().trim().min(1, "is required").max(200),
    customerEmail: z.email().optional(),
    shipTo: z.object({
      name: z.string().trim().min(1, "is required"),
      line1: z.string().trim().min(1, "is required"),
      line2: z.string().trim().optional(),
      city: z.string().trim().min(1, "is required"),
      region: z.string().trim().min(1, "is required"),
      postalCode: z.string().trim().min(1, "is required"),
      country: z.string().trim().length(2, "must be a two-letter country code"),
    }),
    buyerPo: z.string().trim().min(1).max(64).optional(),
    paymentTerms: z.enum(PAYMENT_TERMS).optional(),
    deliveryWindow: z
      .object({ start: isoDate, end: isoDate })
      .refine((w) => w.start <= w.end, { message: "must not end before it starts", path: ["end"] })
      .optional(),
    plannedShipDate: isoDate.optional(),
    acceptsBackorder: z.boolean().default(false),
    /** The shipping method chosen at the channel, e.g. { carrierCode: "UPS", serviceCode: "GROUND" }. */
    shippingMethod: z.object({ carrierCode: z.string().trim().min(1), serviceCode: z.string().trim().min(1) }).optional(),
    lines: z
      .array(
        z.object({
          sku: z.string().trim().min(1, "is required"),
          quantity: z.number().int("must be a whole number").positive("must be more than zero"),
          uom: z.enum(UNITS_OF_MEASURE).default("EACH"),
          /** Pins the line to this lot: allocated from it only, or not at all. */
          lotCode: z.string().trim().min(1).optional(),
          unitPriceMinor: z.number().int().nonnegative().optional(),
        }),
      )
      .min(1, "an order needs at least one line")
      .max(500),
  })
  .refine((o) => !o.deliveryWindow || !o.plannedShipDate || o.plannedShipDate <= o.deliveryWindow.end, {
    message: "must not be after the end of the delivery window",
    path: ["plannedShipDate"],
  });
export type CreateOrderInput = z.input<typeof createOrderInput>;

/** Records a new order in RECEIVED: numbered, priced, quantities in base units; nothing reserved yet. */
export async function createOrder(db: Database, actor: Actor, raw: CreateOrderInput) {
  assertCan(actor.role, "order.create");
  const input = parseInput(createOrderInput, raw);

  return db.transaction(async (tx) => {
    const ws = await loadWorkspace(tx, actor);
    const today = isoDateOf(new Date(), ws.timeZone);

    const account = await resolveAccount(tx, actor, input.accountCode);
    if (account && !input.buyerPo) throw BadInput.field("buyerPo", "is required for a B2B order");
    const [warehouse] = await tx
      .select()
      .from(warehouses)
      .where(and(eq(warehouses.workspaceId, actor.workspaceId), input.warehouseCode ? eq(warehouses.code, input.warehouseCode) : undefined))
      .orderBy(warehouses.code)
      .limit(1);
    if (!warehouse) throw BadInput.field("warehouseCode", input.warehouseCode ? `unknown warehouse ${input.warehouseCode}` : "the workspace has no warehouse");

    const plannedShipDate = input.plannedShipDate ?? today;
    const requested = input.shippingMethod ? await findCarrierService(tx, actor.workspaceId, input.shippingMethod.carrierCode, input.shippingMethod.serviceCode, "shippingMethod.") : null;
    const skus = [...new Set(input.lines.map((l) => l.sku))];
    const found = await tx.select().from(products).where(and(eq(products.workspaceId, actor.workspaceId), inArray(products.sku, skus)));
    const bySku = new Map(found.map((p) => [p.sku, p]));
    const pinCodes = input.lines.flatMap((l) => (l.lotCode ? [l.lotCode] : []));
    const pinned = pinCodes.length
      ? await tx.select().from(lots).where(and(eq(lots.workspaceId, actor.workspaceId), inArray(lots.code, pinCodes)))
      : [];

    const lines = input.lines.map((l, i) => {
      const product = bySku.get(l.sku);
      if (!product) throw BadInput.field(`lines[${i}].sku`, `unknown SKU ${l.sku}`);
      let pinnedLotId: string | null = null;
      if (l.lotCode) {
        const candidates = pinned.filter((lot) => lot.code === l.lotCode);
        const lot = candidates.find((c) => c.productId === product.id);
        if (!lot) {
          const other = candidates.length ? `it belongs to another SKU, not ${l.sku}` : "no such lot";
          throw BadInput.field(`lines[${i}].lotCode`, `lot ${l.lotCode}: ${other}`);
        }
        const usability = lotUsability(lot, plannedShipDate, product.minShelfLifeDays);
        if (!usability.usable) throw new LotNotUsable(lot.code, usability.reason);
        pinnedLotId = lot.id;
      }
      const quantity = toBaseUnits(l.quantity, l.uom, product, `lines[${i}].uom`);
      return { product, quantity, uom: l.uom, uomQuantity: l.quantity, unitPriceMinor: l.unitPriceMinor ?? product.unitPriceMinor, pinnedLotId };
    });

    const number = await nextOrderNumber(tx, ws, Number(today.slice(0, 4)));
    const totalMinor = lines.reduce((sum, l) => sum + lineAmount(l.quantity, l.unitPriceMinor), 0);

    const [order] = await tx
      .insert(orders)
      .values({
        workspaceId: actor.workspaceId,
        number,
        channel: actor.role === "customer" ? "WHOLESALE_PORTAL" : input.channel,
        warehouseId: warehouse.id,
        accountId: account?.id ?? null,
        customerName: input.customerName,
        customerEmail: input.customerEmail ?? null,
        shipTo: input.shipTo,
        currency: ws.currency,
        totalMinor,
        buyerPo: input.buyerPo ?? null,
        paymentTerms: input.paymentTerms ?? account?.paymentTerms ?? null,
        deliveryWindowStart: input.deliveryWindow?.start ?? null,
        deliveryWindowEnd: input.deliveryWindow?.end ?? null,
        plannedShipDate,
        acceptsBackorder: input.acceptsBackorder,
        requestedServiceId: requested?.service.id ?? null,
      })
      .returning();

    await tx.insert(orderLines).values(
      lines.map((l, i) => ({
        workspaceId: actor.workspaceId,
        orderId: order!.id,
        lineNo: i + 1,
        productId: l.product.id,
        quantity: l.quantity,
        uom: l.uom,
        uomQuantity: l.uomQuantity,
        unitPriceMinor: l.unitPriceMinor,
        pinnedLotId: l.pinnedLotId,
      })),
    );
    await recordEvents(tx, actor, [
      {
        type: orderEventType(null, "RECEIVED"),
        subjectType: "order",
        subjectId: order!.id,
        toState: "RECEIVED",
        payload: { number, channel: order!.channel, lines: lines.length, totalMinor, currency: ws.currency, buyerPo: order!.buyerPo },
      },
    ]);
    return order!;
  });
}

/** A customer always orders for their own account, and only if the account allows it. */
async function resolveAccount(tx: Tx, actor: Actor, accountCode: string | undefined) {
  if (actor.role === "customer") {
    if (!actor.accountId) throw new Forbidden("customer", "place orders without an account");
    const [own] = await tx.select().from(accounts).where(and(eq(accounts.id, actor.accountId), eq(accounts.workspaceId, actor.workspaceId)));
    if (!own) throw new NotFound("Account", actor.accountId);
    if (accountCode && accountCode !== own.code) throw new NotFound("Account", accountCode);
    if (!own.mayPlaceOrders) throw new Forbidden("customer", `place orders for ${own.name}`);
    return own;
  }
  if (!accountCode) return null;
  const [account] = await tx.select().from(accounts).where(and(eq(accounts.workspaceId, actor.workspaceId), eq(accounts.code, accountCode)));
  if (!account) throw BadInput.field("accountCode", `unknown account ${accountCode}`);
  return account;
}
