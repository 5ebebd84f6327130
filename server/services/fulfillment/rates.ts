import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { carrierRates, carrierServices, carriers, carrierZones, type ShipTo } from "../../../db/schema";
import { BadInput } from "../../domain/errors";
import { rateFor, zoneFor } from "../../domain/shipping";

/** A carrier's service by codes, or a field-level error (`field` prefixes the names, as in shippingMethod.carrierCode). */
export async function findCarrierService(db: DbOrTx, workspaceId: string, carrierCode: string, serviceCode: string, field = "") {
  const [carrier] = await db.select().from(carriers).where(and(eq(carriers.workspaceId, workspaceId), eq(carriers.code, carrierCode)));
  if (!carrier) throw BadInput.field(`${field}carrierCode`, `unknown carrier ${carrierCode}`);
  const [service] = await db.select().from(carrierServices).where(and(eq(carrierServices.carrierId, carrier.id), eq(carrierServices.code, serviceCode)));
  if (!service) throw BadInput.field(`${field}serviceCode`, `${carrier.name} has no service ${serviceCode}`);
  return { carrier, service };
}

/** The carrier's price for this weight to this destination, from its zones and rate table. */
export async function quoteRate(db: DbOrTx, workspaceId: string, carrierCode: string, serviceCode: string, destination: ShipTo, weightGrams: number) {
  const { carrier, service } = await findCarrierService(db, workspaceId, carrierCode, serviceCode);
  const [rules, rates] = await Promise.all([
    db.select().from(carrierZones).where(eq(carrierZones.carrierId, carrier.id)),
    db.select().from(carrierRates).where(eq(carrierRates.serviceId, service.id)),
  ]);
  const zone = zoneFor(rules, destination);
  if (!zone) throw BadInput.field("carrierCode", `${carrier.name} has no zone for ${destination.region} ${destination.postalCode}`);
  const costMinor = rateFor(rates, zone, weightGrams);
  return { carrier, service, zone, costMinor, currency: rates[0]!.currency };
}
