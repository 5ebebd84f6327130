import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Database, Tx } from "../../../db/client";
import { accounts, lots, orderLines, orders, products, warehouses } from "../../../db/schema";
import { CHANNELS, PAYMENT_TERMS, termsOverride } from "../../domain/commercial";
import { isoDateOf } from "../../domain/dates";
import { BadInput, Forbidden, LotNotUsable, NotFound, WrongState } from "../../domain/errors";
import { lotUsability } from "../../domain/lots";
import { orderEventType } from "../../domain/orderLoop";
import { lineAmount } from "../../domain/money";
import { MAX_CODE, MAX_INT4, MAX_NAME, MAX_NOTE, MAX_ORDER_LINES, MAX_QUANTITY } from "../../domain/limits";
import { assertCan, can } from "../../domain/permissions";
import { toBaseUnits, UNITS_OF_MEASURE } from "../../domain/units";
import type { Actor } from "../actor";
import { recordEvents, type LoopEventInput } from "../events";
import { codeText, isoDate, priceMinor, quantity, requiredText, text } from "../fields";
import { parseInput } from "../input";
import { loadWorkspace } from "../workspace";
import { findCarrierService } from "../fulfillment/rates";
import { nextOrderNumber } from "./orderNumber";
import { lockOrder } from "./scope";

const shipToInput = z.object({
  name: requiredText(MAX_NAME),
  line1: requiredText(MAX_NAME),
  line2: text(MAX_NAME).optional(),
  city: requiredText(100),
  region: requiredText(MAX_CODE),
  postalCode: requiredText(20),
  country: z.string().trim().toUpperCase().max(2, "must be a two-letter country code").regex(/^[A-Z]{2}$/, "must be a two-letter country code"),
});

export const createOrderInput = z
  .object({
    channel: z.enum(CHANNELS).default("MANUAL"),
    warehouseCode: codeText.optional(),
    /** A B2B account's code; absent for a consumer order. */
    accountCode: codeText.optional(),
    customerName: requiredText(MAX_NAME),
    customerEmail: z.email("must be an e-mail address").max(254).optional(),
    shipTo: shipToInput,
    buyerPo: codeText.optional(),
    /** Staff only, with `overrideReason`: terms other than the account's. */
    paymentTerms: z.enum(PAYMENT_TERMS).optional(),
    deliveryWindow: z
      .object({ start: isoDate, end: isoDate })
      .refine((w) => w.start <= w.end, { message: "must not end before it starts", path: ["end"] })
      .optional(),
    plannedShipDate: isoDate.optional(),
    acceptsBackorder: z.boolean().default(false),
    /** The shipping method chosen at the channel, e.g. { carrierCode: "UPS", serviceCode: "GROUND" }. */
    shippingMethod: z.object({ carrierCode: codeText, serviceCode: codeText }).optional(),
    lines: z
      .array(
        z.object({
          sku: codeText,
          quantity,
          uom: z.enum(UNITS_OF_MEASURE).default("EACH"),
          /** Staff only: pins the line to this lot, allocated from it only, or not at all. */
          lotCode: codeText.optional(),
          /** Staff only, with `overrideReason`: a price agreed outside the price list. */
          unitPriceMinor: priceMinor.optional(),
        }),
      )
      .min(1, "an order needs at least one line")
      .max(MAX_ORDER_LINES, `an order has at most ${MAX_ORDER_LINES} lines`),
    /** Why a price or the terms differ from the price list and the account: kept on the timeline. */
    overrideReason: requiredText(MAX_NOTE).optional(),
  })
  .refine((o) => !o.deliveryWindow || !o.plannedShipDate || o.plannedShipDate <= o.deliveryWindow.end, {
    message: "must not be after the end of the delivery window",
    path: ["plannedShipDate"],
  });
export type CreateOrderInput = z.input<typeof createOrderInput>;

/** An order from a connected channel: where it came from, and what the channel charged beside the lines. */
export interface ChannelSource {
  connectionId: string;
  reference: string;
  channelOrderId: string;
  shippingMinor: number;
  taxMinor: number;
}

/**
 * Records a new order in RECEIVED: numbered, priced from the price list, on the account's terms,
 * quantities in base units; nothing reserved yet. Staff may set other prices or terms with a
 * reason, and pin lines to lots.
 */
export async function createOrder(db: Database, actor: Actor, raw: CreateOrderInput, source?: ChannelSource) {
  assertCan(actor.role, "order.create");
  const input = parseInput(createOrderInput, raw);
  // Before anything is read, so the answer is the same whether the lot exists or not.
  const pinnedIndex = input.lines.findIndex((l) => l.lotCode);
  if (pinnedIndex >= 0 && !can(actor.role, "order.pin_lot")) throw BadInput.field(`lines[${pinnedIndex}].lotCode`, "lots are pinned by our staff; leave it empty");

  return db.transaction(async (tx) => {
    const ws = await loadWorkspace(tx, actor);
    const today = isoDateOf(new Date(), ws.timeZone);
    if (input.plannedShipDate && input.plannedShipDate < today) throw BadInput.field("plannedShipDate", `must be today (${today}) or later`);

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
    const lines = await orderLinesFor(tx, actor, input.lines, plannedShipDate);

    const override = termsOverride(
      lines.map((l, i) => ({ sku: l.product.sku, listPriceMinor: l.product.unitPriceMinor, requestedPriceMinor: input.lines[i]!.unitPriceMinor })),
      account?.paymentTerms ?? null,
      input.paymentTerms,
    );
    if (override && !can(actor.role, "order.override_terms")) {
      throw new Forbidden(actor.role, "set prices or payment terms: they come from the price list and the account");
    }
    if (override && !input.overrideReason) throw BadInput.field("overrideReason", "say why the prices or terms differ from the price list and the account");

    const totalMinor = lines.reduce((sum, l) => sum + lineAmount(l.quantity, l.unitPriceMinor), (source?.shippingMinor ?? 0) + (source?.taxMinor ?? 0));
    if (totalMinor > MAX_INT4) throw BadInput.field("lines", `the order comes to ${totalMinor} in minor units, more than one order can hold (${MAX_INT4}); split it`);
    const number = await nextOrderNumber(tx, ws, Number(today.slice(0, 4)));

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
        paymentTerms: override?.paymentTerms?.order ?? account?.paymentTerms ?? null,
        deliveryWindowStart: input.deliveryWindow?.start ?? null,
        deliveryWindowEnd: input.deliveryWindow?.end ?? null,
        plannedShipDate,
        acceptsBackorder: input.acceptsBackorder,
        requestedServiceId: requested?.service.id ?? null,
        channelConnectionId: source?.connectionId ?? null,
        channelReference: source?.reference ?? null,
        channelOrderId: source?.channelOrderId ?? null,
        shippingMinor: source?.shippingMinor ?? 0,
        taxMinor: source?.taxMinor ?? 0,
        // The worker allocates channel orders in batches, off the channel's request.
        autoAllocateDue: source !== undefined && ws.autoAllocate,
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
    const events: LoopEventInput[] = [
      {
        type: orderEventType(null, "RECEIVED"),
        subjectType: "order",
        subjectId: order!.id,
        toState: "RECEIVED",
        payload: { number, channel: order!.channel, channelReference: order!.channelReference, lines: lines.length, totalMinor, currency: ws.currency, buyerPo: order!.buyerPo },
      },
    ];
    if (override) events.push({ type: "dcm.order.terms_overridden", subjectType: "order", subjectId: order!.id, payload: { number, reason: input.overrideReason, ...override } });
    await recordEvents(tx, actor, events);
    return order!;
  });
}

/** The lines as they will be stored: product, base units, price (list or requested) and pinned lot. */
async function orderLinesFor(tx: Tx, actor: Actor, requested: z.output<typeof createOrderInput>["lines"], plannedShipDate: string) {
  const skus = [...new Set(requested.map((l) => l.sku))];
  const found = await tx.select().from(products).where(and(eq(products.workspaceId, actor.workspaceId), inArray(products.sku, skus)));
  const bySku = new Map(found.map((p) => [p.sku, p]));
  const pinCodes = requested.flatMap((l) => (l.lotCode ? [l.lotCode] : []));
  const pinned = pinCodes.length ? await tx.select().from(lots).where(and(eq(lots.workspaceId, actor.workspaceId), inArray(lots.code, pinCodes))) : [];

  return requested.map((l, i) => {
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
    if (quantity > MAX_QUANTITY) throw BadInput.field(`lines[${i}].quantity`, `comes to ${quantity} units; one line holds at most ${MAX_QUANTITY.toLocaleString("en-US")}`);
    return { product, quantity, uom: l.uom, uomQuantity: l.quantity, unitPriceMinor: l.unitPriceMinor ?? product.unitPriceMinor, pinnedLotId };
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

/**
 * A channel's change to an order nobody has reserved stock for yet (Shopify's orders/updated): the
 * lines, customer and ship-to are replaced and the order keeps its number. Once allocated, an
 * order changes only in Loopline; the caller says so in the intake log.
 */
export async function amendReceivedOrder(db: Database, actor: Actor, orderId: string, raw: CreateOrderInput, source: ChannelSource) {
  assertCan(actor.role, "order.override_terms");
  const input = parseInput(createOrderInput, raw);
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, actor, orderId);
    if (order.status !== "RECEIVED") throw new WrongState(`Order ${order.number}`, order.status, "take a change from the channel", ["RECEIVED"]);
    const lines = await orderLinesFor(tx, actor, input.lines, order.plannedShipDate);
    const totalMinor = lines.reduce((sum, l) => sum + lineAmount(l.quantity, l.unitPriceMinor), source.shippingMinor + source.taxMinor);
    if (totalMinor > MAX_INT4) throw BadInput.field("lines", `the order comes to ${totalMinor} in minor units, more than one order can hold (${MAX_INT4}); split it`);
    await tx.delete(orderLines).where(eq(orderLines.orderId, order.id));
    await tx.insert(orderLines).values(lines.map((l, i) => ({ workspaceId: actor.workspaceId, orderId: order.id, lineNo: i + 1, productId: l.product.id, quantity: l.quantity, uom: l.uom, uomQuantity: l.uomQuantity, unitPriceMinor: l.unitPriceMinor, pinnedLotId: l.pinnedLotId })));
    const [amended] = await tx
      .update(orders)
      .set({ customerName: input.customerName, customerEmail: input.customerEmail ?? null, shipTo: input.shipTo, totalMinor, shippingMinor: source.shippingMinor, taxMinor: source.taxMinor, version: order.version + 1 })
      .where(eq(orders.id, order.id))
      .returning();
    await recordEvents(tx, actor, [{ type: "dcm.order.amended", subjectType: "order", subjectId: order.id, payload: { number: order.number, channelReference: source.reference, lines: lines.length, totalMinor, previousTotalMinor: order.totalMinor } }]);
    return amended!;
  });
}
