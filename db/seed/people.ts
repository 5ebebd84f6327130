import type { ShipTo } from "../schema";

/** Consumers and B2B sites that the demo orders ship to. */
export const CONSUMERS: { name: string; email: string; shipTo: Omit<ShipTo, "name"> }[] = [
  { name: "Maya Chen", email: "maya.chen@example.com", shipTo: { line1: "418 Linden Ave", city: "Brooklyn", region: "NY", postalCode: "11226", country: "US" } },
  { name: "Jordan Ellis", email: "jordan.ellis@example.com", shipTo: { line1: "77 Beacon St", city: "Boston", region: "MA", postalCode: "02108", country: "US" } },
  { name: "Priya Raman", email: "priya.r@example.com", shipTo: { line1: "2210 Pine St", city: "Philadelphia", region: "PA", postalCode: "19103", country: "US" } },
  { name: "Luis Ortega", email: "l.ortega@example.com", shipTo: { line1: "51 Harbor Way", city: "Baltimore", region: "MD", postalCode: "21202", country: "US" } },
  { name: "Sofia Marin", email: "sofia.marin@example.com", shipTo: { line1: "9 Elm Ct", city: "Hoboken", region: "NJ", postalCode: "07030", country: "US" } },
  { name: "Noah Brennan", email: "noah.b@example.com", shipTo: { line1: "1400 Peachtree St", city: "Atlanta", region: "GA", postalCode: "30309", country: "US" } },
  { name: "Aisha Karim", email: "aisha.karim@example.com", shipTo: { line1: "605 King St", city: "Alexandria", region: "VA", postalCode: "22314", country: "US" } },
  { name: "Ben Whitaker", email: "ben.w@example.com", shipTo: { line1: "33 Maple Dr", city: "Stamford", region: "CT", postalCode: "06901", country: "US" } },
];

export const B2B_SITES: Record<string, { name: string; shipTo: Omit<ShipTo, "name"> }> = {
  IRONRIDGE: { name: "IRONRIDGE Construction — Receiving Dock 3", shipTo: { line1: "2800 Industrial Pkwy", city: "Newark", region: "NJ", postalCode: "07114", country: "US" } },
  HARBOR: { name: "Harbor Salon Group — Central Stock Room", shipTo: { line1: "120 Atlantic Ave", city: "Boston", region: "MA", postalCode: "02110", country: "US" } },
  NORTHWIND: { name: "Northwind Spa Supply", shipTo: { line1: "45 Commerce Rd", city: "Pittsburgh", region: "PA", postalCode: "15222", country: "US" } },
};
