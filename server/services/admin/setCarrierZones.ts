import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { carrierZones } from "../../../db/schema";
import { MAX_TABLE_ROWS } from "../../domain/limits";
import { ZONE_MATCHES } from "../../domain/shipping";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { requiredText, rows } from "../fields";
import { parseInput } from "../input";
import { insertBatches } from "../insertBatches";
import { recordAdminChange } from "./adminChange";
import { lockCarrier } from "./carrierLock";

export const setCarrierZonesInput = z
  .object({
    carrierId: z.uuid("must be a carrier id"),
    zones: rows(
      z
        .object({ zone: requiredText(10), match: z.enum(ZONE_MATCHES), value: requiredText(10).toUpperCase() })
        .refine((z) => z.match !== "POSTAL_PREFIX" || /^[0-9A-Z]+$/.test(z.value), { message: "a postal prefix is letters and digits only", path: ["value"] })
        .refine((z) => z.match !== "REGION" || /^[A-Z]{2,3}$/.test(z.value), { message: "a region is a 2 or 3 letter code, like NJ", path: ["value"] }),
      MAX_TABLE_ROWS,
      "add at least one zone rule",
    ),
  })
  .superRefine((input, ctx) => {
    // One pass with a map: a quadratic scan of a large table held every other tenant up.
    const zoneOf = new Map<string, string>();
    input.zones.forEach((z, i) => {
      const key = `${z.match}|${z.value}`;
      const first = zoneOf.get(key);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["zones", i, "value"], message: `${z.value} is already in zone ${first}` });
      else zoneOf.set(key, z.zone);
    });
  });
export type SetCarrierZonesInput = z.input<typeof setCarrierZonesInput>;

/** Replaces the carrier's zone rules (destination postal prefix or region → zone). */
export async function setCarrierZones(db: Database, actor: Actor, raw: SetCarrierZonesInput) {
  assertCan(actor.role, "admin.manage");
  const input = parseInput(setCarrierZonesInput, raw);
  return db.transaction(async (tx) => {
    const carrier = await lockCarrier(tx, actor, input.carrierId);
    await tx.delete(carrierZones).where(eq(carrierZones.carrierId, carrier.id));
    const rows: (typeof carrierZones.$inferSelect)[] = [];
    for (const batch of insertBatches(carrierZones, input.zones.map((z) => ({ workspaceId: actor.workspaceId, carrierId: carrier.id, ...z })))) {
      rows.push(...(await tx.insert(carrierZones).values(batch).returning()));
    }
    await recordAdminChange(tx, actor, "carrier", carrier.id, "zones_set", { code: carrier.code, rules: rows.length, zones: [...new Set(rows.map((r) => r.zone))].sort() });
    return rows;
  });
}
