import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx } from "../../../db/client";
import { channelConnections, channelSkuMaps, products } from "../../../db/schema";
import { BadInput, NotFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { recordEvents } from "../events";
import { codeText, wholeNumber } from "../fields";
import { parseInput } from "../input";

export const mapChannelSkuInput = z.object({
  connectionId: z.uuid("must be a channel connection id"),
  /** The channel's name for the item: its SKU, `variant:123`, a buyer part number, a UPC. */
  channelKey: codeText,
  sku: codeText,
  /** Our units per channel unit: 6 when the channel sells a six-pack of one of our SKUs. */
  packSize: wholeNumber(1, 10_000).default(1),
});
export type MapChannelSkuInput = z.input<typeof mapChannelSkuInput>;

/** Maps a channel's item to a product (or changes the mapping): how an "unknown SKU" rejection is fixed before a replay. */
export async function mapChannelSku(db: Database, actor: Actor, raw: MapChannelSkuInput) {
  assertCan(actor.role, "channel.map_sku");
  const input = parseInput(mapChannelSkuInput, raw);
  return db.transaction(async (tx) => {
    const [connection] = await tx.select({ id: channelConnections.id, name: channelConnections.name }).from(channelConnections).where(and(eq(channelConnections.id, input.connectionId), eq(channelConnections.workspaceId, actor.workspaceId)));
    if (!connection) throw new NotFound("Channel connection", input.connectionId);
    const [product] = await tx.select({ id: products.id }).from(products).where(and(eq(products.workspaceId, actor.workspaceId), eq(products.sku, input.sku)));
    if (!product) throw BadInput.field("sku", `unknown SKU ${input.sku}`);
    const [row] = await tx
      .insert(channelSkuMaps)
      .values({ workspaceId: actor.workspaceId, connectionId: connection.id, channelKey: input.channelKey, productId: product.id, packSize: input.packSize })
      .onConflictDoUpdate({ target: [channelSkuMaps.connectionId, channelSkuMaps.channelKey], set: { productId: product.id, packSize: input.packSize } })
      .returning();
    await recordEvents(tx, actor, [{ type: "admin.channel_connection.sku_mapped", subjectType: "channel_connection", subjectId: connection.id, payload: { channel: connection.name, channelKey: input.channelKey, sku: input.sku, packSize: input.packSize } }]);
    return row!;
  });
}

export async function listChannelSkuMaps(db: DbOrTx, actor: Actor, connectionId: string) {
  assertCan(actor.role, "intake.read");
  if (!z.uuid().safeParse(connectionId).success) throw new NotFound("Channel connection", connectionId);
  return db
    .select({ id: channelSkuMaps.id, channelKey: channelSkuMaps.channelKey, sku: products.sku, productName: products.name, packSize: channelSkuMaps.packSize })
    .from(channelSkuMaps)
    .innerJoin(products, eq(products.id, channelSkuMaps.productId))
    .where(and(eq(channelSkuMaps.connectionId, connectionId), eq(channelSkuMaps.workspaceId, actor.workspaceId)))
    .orderBy(asc(channelSkuMaps.channelKey));
}

export interface MappedItem {
  productId: string;
  sku: string;
  casePackQty: number | null;
  palletQty: number | null;
  /** The price list's price per base unit. */
  unitPriceMinor: number;
  /** Our units per channel unit. */
  packSize: number;
}

/**
 * What each channel key names: the connection's map first, then our own SKU (a channel that uses
 * our SKUs needs no map). Keys nothing knows are absent from the result.
 */
export async function resolveChannelItems(db: DbOrTx, workspaceId: string, connectionId: string, keys: string[]): Promise<Map<string, MappedItem>> {
  const unique = [...new Set(keys)];
  const found = new Map<string, MappedItem>();
  if (!unique.length) return found;
  const facts = { sku: products.sku, casePackQty: products.casePackQty, palletQty: products.palletQty, unitPriceMinor: products.unitPriceMinor };
  const ours = await db.select({ productId: products.id, ...facts }).from(products).where(and(eq(products.workspaceId, workspaceId), inArray(products.sku, unique)));
  for (const p of ours) found.set(p.sku, { ...p, packSize: 1 });
  const mapped = await db
    .select({ channelKey: channelSkuMaps.channelKey, productId: products.id, ...facts, packSize: channelSkuMaps.packSize })
    .from(channelSkuMaps)
    .innerJoin(products, eq(products.id, channelSkuMaps.productId))
    .where(and(eq(channelSkuMaps.connectionId, connectionId), inArray(channelSkuMaps.channelKey, unique)));
  for (const { channelKey, ...m } of mapped) found.set(channelKey, m);
  return found;
}
