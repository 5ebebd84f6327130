import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { carrierZones } from "../../../db/schema";
import { ZONE_MATCHES } from "../../domain/shipping";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { parseInput } from "../input";
import { recordAdminChange } from "./adminChange";
import { lockCarrier } from "./carrierLock";

export const setCarrierZonesInput = z
  .object({
    carrierId: z.uuid("must be a carrier id"),
    zones: z
      .array(
        z
          .object({ zone: z.string().trim().min(1, "is required").max(10), match: z.enum(ZONE_MATCHES), value: z.string().trim().toUpperCase().min(1, "is required").max(10) })
          .refine((z) => z.match !== "POSTAL_PREFIX" || /^[0-9A-Z]+$/.test(z.value), { message: "a postal prefix is letters and digits only", path: ["value"] })
          .refine((z) => z.match !== "REGION" || /^[A-Z]{2,3}$/.test(z.value), { message: "a region is a 2 or 3 letter code, like NJ", path: ["value"] }),
      )
      .min(1, "add at least one zone rule"),
  })
  .superRefine((input, ctx) => {
    input.zones.forEach((z, i) => {
      const first = input.zones.findIndex((o) => o.match === z.match && o.value === z.value);
      if (first !== i) ctx.addIssue({ code: "custom", path: ["zones", i, "value"], message: `${z.value} is already in zone ${input.zones[first]!.zone}` });
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
    const rows = await tx.insert(carrierZones).values(input.zones.map((z) => ({ workspaceId: actor.workspaceId, carrierId: carrier.id, ...z }))).returning();
    await recordAdminChange(tx, actor, "carrier", carrier.id, "zones_set", { code: carrier.code, rules: rows.length, zones: [...new Set(rows.map((r) => r.zone))].sort() });
    return rows;
  });
}
