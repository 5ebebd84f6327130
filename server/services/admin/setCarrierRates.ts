import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { carrierRates, carrierServices, carrierZones } from "../../../db/schema";
import { BadInput } from "../../domain/errors";
import { MAX_TABLE_ROWS } from "../../domain/limits";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { codeText, priceMinor, requiredText, rows, weightGrams } from "../fields";
import { parseInput } from "../input";
import { insertBatches } from "../insertBatches";
import { loadWorkspace } from "../workspace";
import { recordAdminChange } from "./adminChange";
import { lockCarrier } from "./carrierLock";

export const setCarrierRatesInput = z
  .object({
    carrierId: z.uuid("must be a carrier id"),
    rates: rows(
      z.object({ serviceCode: codeText.toUpperCase(), zone: requiredText(10), maxWeightGrams: weightGrams, amountMinor: priceMinor }),
      MAX_TABLE_ROWS,
      "add at least one rate",
    ),
  })
  .superRefine((input, ctx) => {
    // One pass with a set: a quadratic scan of a large table held every other tenant up.
    const seen = new Set<string>();
    input.rates.forEach((r, i) => {
      const key = `${r.serviceCode}|${r.zone}|${r.maxWeightGrams}`;
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["rates", i, "maxWeightGrams"], message: `${r.serviceCode} zone ${r.zone} up to ${r.maxWeightGrams} g is listed twice` });
      seen.add(key);
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
    const serviceId = new Map(services.map((s) => [s.code, s.id]));
    const zoneNames = new Set(zones.map((z) => z.zone));
    const issues = input.rates.flatMap((r, i) => [
      ...(serviceId.has(r.serviceCode) ? [] : [{ field: `rates[${i}].serviceCode`, message: `${carrier.code} has no service ${r.serviceCode}` }]),
      ...(zoneNames.has(r.zone) ? [] : [{ field: `rates[${i}].zone`, message: `${carrier.code} has no zone ${r.zone}; set its zones first` }]),
    ]);
    if (issues.length > 0) throw new BadInput(issues.slice(0, 10));

    await tx.delete(carrierRates).where(inArray(carrierRates.serviceId, services.map((s) => s.id)));
    const rows: (typeof carrierRates.$inferSelect)[] = [];
    const values = input.rates.map((r) => ({ workspaceId: actor.workspaceId, serviceId: serviceId.get(r.serviceCode)!, zone: r.zone, maxWeightGrams: r.maxWeightGrams, amountMinor: r.amountMinor, currency: workspace.currency }));
    for (const batch of insertBatches(carrierRates, values)) rows.push(...(await tx.insert(carrierRates).values(batch).returning()));
    await recordAdminChange(tx, actor, "carrier", carrier.id, "rates_set", { code: carrier.code, rates: rows.length, services: [...new Set(input.rates.map((r) => r.serviceCode))].sort() });
    return rows;
  });
}
