import { BadInput } from "./errors";

export const SHIPMENT_STATUSES = ["IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED", "FAILURE"] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export const ZONE_MATCHES = ["POSTAL_PREFIX", "REGION"] as const;
export type ZoneMatch = (typeof ZONE_MATCHES)[number];

export interface ZoneRule {
  zone: string;
  match: ZoneMatch;
  value: string;
}

export interface RateRow {
  zone: string;
  maxWeightGrams: number;
  amountMinor: number;
}

/** The carrier's public tracking page for a shipment: `{tracking}` in the template is the number. */
export function trackingUrl(template: string, trackingNumber: string): string {
  return template.replace("{tracking}", encodeURIComponent(trackingNumber));
}

/** A destination's zone: the longest matching postal-code prefix wins, then the region. */
export function zoneFor(rules: ZoneRule[], destination: { postalCode: string; region: string }): string | null {
  const byPostal = rules
    .filter((r) => r.match === "POSTAL_PREFIX" && destination.postalCode.startsWith(r.value))
    .sort((a, b) => b.value.length - a.value.length)[0];
  if (byPostal) return byPostal.zone;
  return rules.find((r) => r.match === "REGION" && r.value.toUpperCase() === destination.region.toUpperCase())?.zone ?? null;
}

/** The rate of the lightest weight bracket that holds the shipment, in the destination's zone. */
export function rateFor(rates: RateRow[], zone: string, weightGrams: number, field = "serviceCode"): number {
  const bracket = rates
    .filter((r) => r.zone === zone && r.maxWeightGrams >= weightGrams)
    .sort((a, b) => a.maxWeightGrams - b.maxWeightGrams)[0];
  if (!bracket) throw BadInput.field(field, `no rate for zone ${zone} at ${weightGrams} g`);
  return bracket.amountMinor;
}
