import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { carrierRates, carrierServices, carrierZones } from "../../../db/schema";
import { BadInput } from "../../domain/errors";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { loadWorkspace } from "../workspace";
import { recordAdminChange } from "./adminChange";
import { lockCarrier } from "./carrierLock";

export const setCarrierRatesInput = z
  .object({
    carrierId: z.uuid("must be a carrier id"),
    rates: z
      .array(
        z.object({
          serviceCode: z.string().trim().toUpperCase().min(1, "is required"),
          zone: z.string().trim().min(1, "is required"),
          maxWeightGrams: z.number().int("must be whole grams").positive("must be more than zero"),
          amountMinor: z.number().int("must be whole cents").nonnegative("cannot be negative"),
        }),
      )
      .min(1, "add at least one rate"),
  })
  .superRefine((input, ctx) => {
    input.rates.forEach((r, i) => {
      const first = input.rates.findIndex((o) => o.serviceCode === r.serviceCode && o.zone === r.zone && o.maxWeightGrams === r.maxWeightGrams);
      if (first !== i) ctx.addIssue({ code: "custom", path: ["rates", i, "maxWeightGrams"], message: `${r.serviceCode} zone ${r.zone} up to ${r.maxWeightGrams} g is listed twice` });
    });
  });
export type SetCarrierRatesInput = z.input<typeof setCarrierRatesInput>;

/** Replaces the carrier's rate table: a price per service, zone and weight bracket, in the workspace currency. */
export async function setCarrierRates(db: Database, actor: Actor, raw: SetCarrierRatesInput) {
  assertCan(actor.role, "admin.manage");
  const input = parseInput(setCarrierRatesInput, raw);
  return db.transaction(async (tx) => {
    const carrier = await lockCarrier(tx, actor, input.carrierId);
    const [services, zones, workspace] = await Promise.all([
      tx.select().from(carrierServices).where(eq(carrierServices.carrierId, carrier.id)),
      tx.selectDistinct({ zone: carrierZones.zone }).from(carrierZones).where(eq(carrierZones.carrierId, carrier.id)),
      loadWorkspace(tx, actor),
    ]);
    const issues = input.rates.flatMap((r, i) => [
      ...(services.some((s) => s.code === r.serviceCode) ? [] : [{ field: `rates[${i}].serviceCode`, message: `${carrier.code} has no service ${r.serviceCode}` }]),
      ...(zones.some((z) => z.zone === r.zone) ? [] : [{ field: `rates[${i}].zone`, message: `${carrier.code} has no zone ${r.zone}; set its zones first` }]),
    ]);
    if (issues.length > 0) throw new BadInput(issues.slice(0, 10));

    await tx.delete(carrierRates).where(inArray(carrierRates.serviceId, services.map((s) => s.id)));
    const serviceId = new Map(services.map((s) => [s.code, s.id]));
    const rows = await tx
      .insert(carrierRates)
      .values(input.rates.map((r) => ({ workspaceId: actor.workspaceId, serviceId: serviceId.get(r.serviceCode)!, zone: r.zone, maxWeightGrams: r.maxWeightGrams, amountMinor: r.amountMinor, currency: workspace.currency })))
      .returning();
    await recordAdminChange(tx, actor, "carrier", carrier.id, "rates_set", { code: carrier.code, rates: rows.length, services: [...new Set(input.rates.map((r) => r.serviceCode))].sort() });
    return rows;
  });
}
