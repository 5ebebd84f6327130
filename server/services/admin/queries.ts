import { and, asc, count, desc, eq, isNull, like, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../../db/client";
import { accounts, bins, carrierRates, carrierServices, carriers, carrierZones, inventoryPositions, loopEvents, lots, products, users, warehouses } from "../../../db/schema";
import { NotFound } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";

/** The workspace's carriers with their service count; never their webhook secrets. */
export async function listCarriers(db: DbOrTx, actor: Actor) {
  assertCan(actor.role, "admin.manage");
  return db
    .select({ id: carriers.id, code: carriers.code, name: carriers.name, trackingUrlTemplate: carriers.trackingUrlTemplate, services: count(carrierServices.id) })
    .from(carriers)
    .leftJoin(carrierServices, eq(carrierServices.carrierId, carriers.id))
    .where(eq(carriers.workspaceId, actor.workspaceId))
    .groupBy(carriers.id)
    .orderBy(asc(carriers.code));
}

/** One carrier: services, zone rules and rate table, for its admin page. */
export async function carrierDetail(db: DbOrTx, actor: Actor, carrierId: string) {
  assertCan(actor.role, "admin.manage");
  const id = parseInput(z.uuid("must be a carrier id"), carrierId);
  const [carrier] = await db
    .select({ id: carriers.id, code: carriers.code, name: carriers.name, trackingUrlTemplate: carriers.trackingUrlTemplate })
    .from(carriers)
    .where(and(eq(carriers.id, id), eq(carriers.workspaceId, actor.workspaceId)));
  if (!carrier) throw new NotFound("Carrier", id);
  const [services, zones, rates] = await Promise.all([
    db.select({ code: carrierServices.code, name: carrierServices.name, transitDays: carrierServices.transitDays }).from(carrierServices).where(eq(carrierServices.carrierId, id)).orderBy(asc(carrierServices.transitDays), asc(carrierServices.code)),
    db.select({ zone: carrierZones.zone, match: carrierZones.match, value: carrierZones.value }).from(carrierZones).where(eq(carrierZones.carrierId, id)).orderBy(asc(carrierZones.zone), asc(carrierZones.match), asc(carrierZones.value)),
    db
      .select({ serviceCode: carrierServices.code, zone: carrierRates.zone, maxWeightGrams: carrierRates.maxWeightGrams, amountMinor: carrierRates.amountMinor, currency: carrierRates.currency })
      .from(carrierRates)
      .innerJoin(carrierServices, eq(carrierServices.id, carrierRates.serviceId))
      .where(eq(carrierServices.carrierId, id))
      .orderBy(asc(carrierServices.code), asc(carrierRates.maxWeightGrams), asc(carrierRates.zone)),
  ]);
  return { ...carrier, services, zones, rates };
}

/** Warehouses with their bins in walking order and the units each bin holds. Deleted bins are left out. */
export async function listWarehouses(db: DbOrTx, actor: Actor) {
  assertCan(actor.role, "admin.manage");
  const [warehouseRows, binRows] = await Promise.all([
    db.select({ id: warehouses.id, code: warehouses.code, name: warehouses.name }).from(warehouses).where(eq(warehouses.workspaceId, actor.workspaceId)).orderBy(asc(warehouses.code)),
    db
      .select({
        id: bins.id,
        warehouseId: bins.warehouseId,
        code: bins.code,
        zone: bins.zone,
        pickSequence: bins.pickSequence,
        units: sql<number>`coalesce(sum(${inventoryPositions.onHand}), 0)`.mapWith(Number),
      })
      .from(bins)
      .leftJoin(inventoryPositions, eq(inventoryPositions.binId, bins.id))
      .where(and(eq(bins.workspaceId, actor.workspaceId), isNull(bins.retiredAt)))
      .groupBy(bins.id)
      .orderBy(asc(bins.pickSequence), asc(bins.code)),
  ]);
  return warehouseRows.map((w) => ({ ...w, bins: binRows.filter((b) => b.warehouseId === w.id) }));
}

/** Products with their lots (expiry, QC status and units on hand), for the catalogue console. */
export async function listProducts(db: DbOrTx, actor: Actor) {
  assertCan(actor.role, "admin.manage");
  const [productRows, lotRows] = await Promise.all([
    db.select().from(products).where(eq(products.workspaceId, actor.workspaceId)).orderBy(asc(products.sku)),
    db
      .select({ id: lots.id, productId: lots.productId, code: lots.code, expiresOn: lots.expiresOn, qcStatus: lots.qcStatus, onHand: sql<number>`coalesce(sum(${inventoryPositions.onHand}), 0)`.mapWith(Number) })
      .from(lots)
      .leftJoin(inventoryPositions, eq(inventoryPositions.lotId, lots.id))
      .where(eq(lots.workspaceId, actor.workspaceId))
      .groupBy(lots.id)
      .orderBy(asc(lots.expiresOn), asc(lots.code)),
  ]);
  return productRows.map((p) => ({ ...p, lots: lotRows.filter((l) => l.productId === p.id) }));
}

/** B2B accounts and the people of the workspace with their roles; never a password hash. */
export async function listPeople(db: DbOrTx, actor: Actor) {
  assertCan(actor.role, "admin.manage");
  const [accountRows, userRows] = await Promise.all([
    db.select().from(accounts).where(eq(accounts.workspaceId, actor.workspaceId)).orderBy(asc(accounts.code)),
    db
      .select({ id: users.id, email: users.email, name: users.name, role: users.role, accountCode: accounts.code })
      .from(users)
      .leftJoin(accounts, eq(accounts.id, users.accountId))
      .where(eq(users.workspaceId, actor.workspaceId))
      .orderBy(asc(users.role), asc(users.email)),
  ]);
  return { accounts: accountRows, users: userRows };
}

/** The admin audit trail: the newest admin changes of the workspace, who made them and when. */
export async function listAdminChanges(db: DbOrTx, actor: Actor) {
  assertCan(actor.role, "admin.manage");
  return db
    .select({ id: loopEvents.id, type: loopEvents.type, subjectType: loopEvents.subjectType, actorLabel: loopEvents.actorLabel, payload: loopEvents.payload, occurredAt: loopEvents.occurredAt })
    .from(loopEvents)
    .where(and(eq(loopEvents.workspaceId, actor.workspaceId), like(loopEvents.type, "admin.%")))
    .orderBy(desc(loopEvents.seq))
    .limit(200);
}
