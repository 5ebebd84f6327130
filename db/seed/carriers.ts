import { newWebhookSecret } from "../../server/services/admin/carrierSecret";
import type { Database } from "../client";
import { carrierRates, carrierServices, carriers, carrierZones } from "../schema";

/** Zones from DC-East (Edison NJ) by destination state: nearer is cheaper. */
const ZONES: Record<string, string[]> = {
  "2": ["NJ", "NY", "PA", "CT", "DE"],
  "3": ["MA", "MD", "VA", "DC", "RI", "NH", "VT", "ME", "WV"],
  "4": ["NC", "SC", "OH", "MI", "IN", "KY", "TN"],
  "5": ["GA", "FL", "AL", "IL", "WI", "MS"],
  "6": ["MN", "IA", "MO", "AR", "LA", "KS", "NE", "OK", "TX"],
  "7": ["ND", "SD", "CO", "NM", "WY", "MT"],
  "8": ["AZ", "UT", "ID", "NV", "CA", "OR", "WA", "AK", "HI"],
};
const BRACKETS_GRAMS = [500, 1000, 2000, 5000, 10000, 20000, 30000, 70000];

interface CarrierSpec {
  code: string;
  name: string;
  trackingUrlTemplate: string;
  services: { code: string; name: string; transitDays: number; baseMinor: number }[];
}

export const DEMO_CARRIERS: CarrierSpec[] = [
  {
    code: "FEDEX",
    name: "FedEx",
    trackingUrlTemplate: "https://www.fedex.com/fedextrack/?trknbr={tracking}",
    services: [
      { code: "GROUND", name: "FedEx Ground", transitDays: 3, baseMinor: 895 },
      { code: "EXPRESS_SAVER", name: "FedEx Express Saver", transitDays: 2, baseMinor: 1890 },
      { code: "PRIORITY_OVERNIGHT", name: "FedEx Priority Overnight", transitDays: 1, baseMinor: 3450 },
    ],
  },
  {
    code: "UPS",
    name: "UPS",
    trackingUrlTemplate: "https://www.ups.com/track?tracknum={tracking}",
    services: [
      { code: "GROUND", name: "UPS Ground", transitDays: 3, baseMinor: 910 },
      { code: "2ND_DAY_AIR", name: "UPS 2nd Day Air", transitDays: 2, baseMinor: 2150 },
    ],
  },
];

/**
 * A carrier with its services, zones by state, and a rate for every zone and weight bracket.
 * Its webhook secret is random like any carrier's: nothing that signs requests is committed.
 */
export async function createCarrier(db: Database, workspaceId: string, spec: CarrierSpec, currency = "USD"): Promise<void> {
  const [carrier] = await db.insert(carriers).values({ workspaceId, code: spec.code, name: spec.name, trackingUrlTemplate: spec.trackingUrlTemplate, webhookSecret: newWebhookSecret() }).returning();
  await db.insert(carrierZones).values(Object.entries(ZONES).flatMap(([zone, states]) => states.map((value) => ({ workspaceId, carrierId: carrier!.id, zone, match: "REGION" as const, value }))));
  for (const s of spec.services) {
    const [service] = await db.insert(carrierServices).values({ workspaceId, carrierId: carrier!.id, code: s.code, name: s.name, transitDays: s.transitDays }).returning();
    await db.insert(carrierRates).values(
      Object.keys(ZONES).flatMap((zone) =>
        BRACKETS_GRAMS.map((maxWeightGrams) => ({
          workspaceId,
          serviceId: service!.id,
          zone,
          maxWeightGrams,
          // base + per zone + per kilogram of the bracket, rounded to the cent
          amountMinor: s.baseMinor + Number(zone) * 115 + Math.round((maxWeightGrams / 1000) * 85),
          currency,
        })),
      ),
    );
  }
}
