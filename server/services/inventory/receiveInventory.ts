import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { bins, inventoryLedger, inventoryPositions, lots, products, warehouses } from "../../../db/schema";
import { isoDateOf } from "../../domain/dates";
import { BadInput } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { recordEvents } from "../events";
import { parseInput } from "../input";
import { loadWorkspace } from "../workspace";
import { codeText, isoDate, quantity, text } from "../fields";

export const receiveInventoryInput = z.object({
  warehouseCode: codeText,
  binCode: codeText,
  sku: codeText,
  /** Absent for untracked stock: the receipt itself becomes the lot, so FEFO acts as FIFO. */
  lotCode: codeText.optional(),
  expiresOn: isoDate.optional(),
  quantity,
  reference: text(100).optional(),
});
export type ReceiveInventoryInput = z.input<typeof receiveInventoryInput>;

/** Puts stock away at a bin: a RECEIPT ledger row and the position projection, together. */
export async function receiveInventory(db: Database, actor: Actor, raw: ReceiveInventoryInput) {
  assertCan(actor.role, "inventory.receive");
  const input = parseInput(receiveInventoryInput, raw);

  return db.transaction(async (tx) => {
    const ws = await loadWorkspace(tx, actor);
    const today = isoDateOf(new Date(), ws.timeZone);
    const [place] = await tx
      .select({ warehouseId: warehouses.id, binId: bins.id, retiredAt: bins.retiredAt })
      .from(bins)
      .innerJoin(warehouses, eq(warehouses.id, bins.warehouseId))
      .where(and(eq(warehouses.workspaceId, actor.workspaceId), eq(warehouses.code, input.warehouseCode), eq(bins.code, input.binCode)));
    if (!place) throw BadInput.field("binCode", `no bin ${input.binCode} in warehouse ${input.warehouseCode}`);
    if (place.retiredAt) throw BadInput.field("binCode", `bin ${input.binCode} was deleted; receive into another bin`);
    const [product] = await tx.select().from(products).where(and(eq(products.workspaceId, actor.workspaceId), eq(products.sku, input.sku)));
    if (!product) throw BadInput.field("sku", `unknown SKU ${input.sku}`);
    if (product.lotTracked && (!input.lotCode || !input.expiresOn)) {
      throw new BadInput([
        ...(input.lotCode ? [] : [{ field: "lotCode", message: `${product.sku} is lot-tracked: give the lot code` }]),
        ...(input.expiresOn ? [] : [{ field: "expiresOn", message: `${product.sku} is lot-tracked: give the expiry date` }]),
      ]);
    }

    const lotCode = input.lotCode ?? `RCV-${today}`;
    // DO NOTHING, then read: an existing lot is not locked. Locking it here (DO UPDATE) would
    // deadlock with allocations, which hold positions and then key-share the lot.
    await tx
      .insert(lots)
      .values({ workspaceId: actor.workspaceId, productId: product.id, code: lotCode, expiresOn: input.expiresOn ?? null, receivedOn: today })
      .onConflictDoNothing({ target: [lots.productId, lots.code] });
    const [lot] = await tx.select().from(lots).where(and(eq(lots.productId, product.id), eq(lots.code, lotCode)));
    if (input.expiresOn && lot!.expiresOn !== input.expiresOn) {
      throw BadInput.field("expiresOn", `lot ${lotCode} is already recorded as expiring ${lot!.expiresOn ?? "never"}`);
    }

    const [position] = await tx
      .insert(inventoryPositions)
      .values({ workspaceId: actor.workspaceId, warehouseId: place.warehouseId, binId: place.binId, productId: product.id, lotId: lot!.id, onHand: input.quantity })
      .onConflictDoUpdate({
        target: [inventoryPositions.warehouseId, inventoryPositions.binId, inventoryPositions.productId, inventoryPositions.lotId],
        set: { onHand: sql`${inventoryPositions.onHand} + ${input.quantity}`, updatedAt: sql`now()` },
      })
      .returning();
    await tx.insert(inventoryLedger).values({
      workspaceId: actor.workspaceId,
      positionId: position!.id,
      kind: "RECEIPT",
      quantity: input.quantity,
      reference: input.reference ?? null,
      actorId: actor.userId,
    });
    await recordEvents(tx, actor, [
      {
        type: "scm.inventory.received",
        subjectType: "inventory_position",
        subjectId: position!.id,
        payload: { sku: product.sku, lot: lotCode, bin: input.binCode, warehouse: input.warehouseCode, quantity: input.quantity, onHand: position!.onHand },
      },
    ]);
    return position!;
  });
}
