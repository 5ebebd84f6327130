import type { Database } from "../client";
import { saveChannelConnection } from "../../server/services/channels/connections";
import { setupActor } from "../../server/services/workspace";
import { accounts, bins, lots, products, users, warehouses, workspaces } from "../schema";
import { hashPassword } from "../../server/auth/password";
import { addDays, isoDateOf } from "../../server/domain/dates";
import { actorForUser } from "../../server/services/actor";
import { receiveInventory } from "../../server/services/inventory/receiveInventory";
import { createCarrier, DEMO_CARRIERS } from "./carriers";
import { importOrderHistory } from "./history";
import { seedLiveOrders } from "./orders";

export const DEMO_PASSWORD = "loopline-demo";
export const DEMO_USERS = [
  { email: "admin@lumenmoss.example", name: "Avery Admin", role: "admin" as const, account: null },
  { email: "operator@lumenmoss.example", name: "Olivia Ortiz", role: "operator" as const, account: null },
  { email: "buyer@ironridge.example", name: "Ray Calder", role: "customer" as const, account: "IRONRIDGE" },
  { email: "buyer@harborsalon.example", name: "Hana Brooks", role: "customer" as const, account: "HARBOR" },
];

const PRODUCTS = [
  { sku: "LMB-BRS-001", name: "Bond Repair Serum 50 ml", unitPriceMinor: 3800, weightGrams: 120, casePackQty: 12, palletQty: 720, minShelfLifeDays: 90 },
  { sku: "LMB-BRT-001", name: "Bond Repair Treatment 100 ml", unitPriceMinor: 4400, weightGrams: 180, casePackQty: 12, palletQty: 720, minShelfLifeDays: 90 },
  { sku: "LMB-HBM-220", name: "Hydro Boost Mask 220 ml", unitPriceMinor: 2400, weightGrams: 260, casePackQty: 24, palletQty: 960, minShelfLifeDays: 60 },
  { sku: "LMB-VCS-030", name: "Vitamin C Serum 30 ml", unitPriceMinor: 3200, weightGrams: 90, casePackQty: 12, palletQty: 960, minShelfLifeDays: 120 },
  { sku: "LMB-SPF-050", name: "Daily Mineral SPF 50", unitPriceMinor: 2800, weightGrams: 110, casePackQty: 24, palletQty: 960, minShelfLifeDays: 180 },
  { sku: "LMB-CLN-150", name: "Gentle Cleanser 150 ml", unitPriceMinor: 1800, weightGrams: 170, casePackQty: 24, palletQty: 1200, minShelfLifeDays: 30 },
  { sku: "LMB-GFT-SET", name: "Holiday Gift Set", unitPriceMinor: 8900, weightGrams: 650, casePackQty: 6, palletQty: 240, minShelfLifeDays: 0 },
];

const BINS = [
  { code: "BIN-A3-04", zone: "A", pickSequence: 10 },
  { code: "BIN-A3-05", zone: "A", pickSequence: 11 },
  { code: "BIN-B1-09", zone: "B", pickSequence: 20 },
  { code: "BIN-B2-01", zone: "B", pickSequence: 21 },
  { code: "BIN-C4-12", zone: "C", pickSequence: 30 },
];

type Qc = "RELEASED" | "HOLD" | "QUARANTINE" | "RECALLED";
/**
 * Lots with their stock: one expired, one on QC hold, one recalled, one too close to expiry for
 * its SKU's shelf-life rule. Dates are days from today, so the demo never goes stale.
 */
const STOCK: { sku: string; lot: string | null; expiresIn: number | null; qc?: Qc; receivedAgo: number; bins: [string, number][] }[] = [
  { sku: "LMB-HBM-220", lot: "HBM-2605X", expiresIn: -8, receivedAgo: 187, bins: [["BIN-C4-12", 40]] },
  { sku: "LMB-HBM-220", lot: "HBM-2609Q", expiresIn: 189, qc: "HOLD", receivedAgo: 72, bins: [["BIN-B2-01", 120]] },
  { sku: "LMB-HBM-220", lot: "HBM-2611A", expiresIn: 128, receivedAgo: 21, bins: [["BIN-B1-09", 200], ["BIN-A3-05", 60]] },
  { sku: "LMB-HBM-220", lot: "HBM-2612B", expiresIn: 219, receivedAgo: 7, bins: [["BIN-B1-09", 300]] },
  { sku: "LMB-BRS-001", lot: "BRS-2607", expiresIn: 250, receivedAgo: 118, bins: [["BIN-A3-04", 150]] },
  { sku: "LMB-BRS-001", lot: "BRS-2610", expiresIn: 403, receivedAgo: 48, bins: [["BIN-A3-04", 260], ["BIN-B2-01", 140]] },
  { sku: "LMB-BRT-001", lot: "BRT-2608", expiresIn: 311, receivedAgo: 97, bins: [["BIN-A3-05", 180]] },
  { sku: "LMB-BRT-001", lot: "BRT-2611", expiresIn: 463, receivedAgo: 14, bins: [["BIN-B2-01", 200]] },
  { sku: "LMB-VCS-030", lot: "VCS-2606", expiresIn: 53, receivedAgo: 166, bins: [["BIN-C4-12", 80]] },
  { sku: "LMB-VCS-030", lot: "VCS-2610", expiresIn: 342, receivedAgo: 34, bins: [["BIN-B1-09", 250]] },
  { sku: "LMB-SPF-050", lot: "SPF-2604R", expiresIn: 311, qc: "RECALLED", receivedAgo: 223, bins: [["BIN-C4-12", 100]] },
  { sku: "LMB-SPF-050", lot: "SPF-2609", expiresIn: 494, receivedAgo: 62, bins: [["BIN-A3-04", 300]] },
  { sku: "LMB-CLN-150", lot: "CLN-2610", expiresIn: 524, receivedAgo: 41, bins: [["BIN-B2-01", 500]] },
  { sku: "LMB-GFT-SET", lot: null, expiresIn: null, receivedAgo: 22, bins: [["BIN-C4-12", 60]] },
];

/** Workspace LMB with its catalogue, stock, accounts, users and orders in every state. */
export async function seedDemo(db: Database): Promise<void> {
  const [ws] = await db.insert(workspaces).values({ code: "LMB", name: "Lumen & Moss Beauty", orderPrefix: "LMB", timeZone: "America/New_York", currency: "USD" }).returning();
  const workspaceId = ws!.id;
  const [dc] = await db.insert(warehouses).values({ workspaceId, code: "DC-East", name: "East Coast DC, Edison NJ" }).returning();
  await db.insert(bins).values(BINS.map((b) => ({ ...b, workspaceId, warehouseId: dc!.id })));
  const productRows = await db.insert(products).values(PRODUCTS.map((p) => ({ ...p, workspaceId, currency: "USD", lotTracked: p.minShelfLifeDays > 0 }))).returning();
  const productId = new Map(productRows.map((p) => [p.sku, p.id]));

  const accountRows = await db
    .insert(accounts)
    .values([
      { workspaceId, code: "IRONRIDGE", name: "IRONRIDGE Construction", paymentTerms: "NET_30", deliveryLeadDays: 10 },
      { workspaceId, code: "HARBOR", name: "Harbor Salon Group", paymentTerms: "NET_15", deliveryLeadDays: 5 },
      { workspaceId, code: "NORTHWIND", name: "Northwind Spa Supply", paymentTerms: "NET_60", deliveryLeadDays: 14, mayCancelOrders: false },
    ])
    .returning();
  const accountId = new Map(accountRows.map((a) => [a.code, a.id]));

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const userRows = await db
    .insert(users)
    .values(DEMO_USERS.map((u) => ({ workspaceId, email: u.email, name: u.name, role: u.role, passwordHash, accountId: u.account ? accountId.get(u.account)! : null })))
    .returning();
  const operator = actorForUser(userRows.find((u) => u.role === "operator")!);

  // Lots with a QC status or a received date of their own are registered first; receiving
  // then books stock into them through the same service the app uses.
  const today = isoDateOf(new Date(), ws!.timeZone);
  for (const s of STOCK) {
    const expiresOn = s.expiresIn === null ? null : addDays(today, s.expiresIn);
    if (s.lot) await db.insert(lots).values({ workspaceId, productId: productId.get(s.sku)!, code: s.lot, expiresOn, receivedOn: addDays(today, -s.receivedAgo), qcStatus: s.qc ?? "RELEASED" });
    for (const [binCode, quantity] of s.bins) {
      await receiveInventory(db, operator, { warehouseCode: "DC-East", binCode, sku: s.sku, lotCode: s.lot ?? undefined, expiresOn: expiresOn ?? undefined, quantity, reference: `ASN-${s.lot ?? "GIFT"}` });
    }
  }

  for (const carrier of DEMO_CARRIERS) await createCarrier(db, workspaceId, carrier);
  await importOrderHistory(db, { workspace: ws!, warehouseId: dc!.id, today, accountId, actor: operator });
  await seedLiveOrders(db, operator, today);

  // Channels to look at and try: a Shopify store (sign test webhooks with its demo secret) and an
  // EDI partner for Harbor Salon Group (GS1's example company prefix: demo data only).
  const admin = await setupActor(db, "LMB", "Demo data");
  await saveChannelConnection(db, admin, { kind: "SHOPIFY", name: "Lumen & Moss Shopify", shopDomain: "lumen-moss.myshopify.com", signingSecret: "shpss_demo_secret", accessToken: "shpat_demo_token", warehouseCode: "DC-East" });
  await saveChannelConnection(db, admin, { kind: "EDI", name: "Harbor Salon Group EDI", accountCode: "HARBOR", partnerQualifier: "ZZ", partnerId: "HARBORSALON", ourQualifier: "ZZ", ourId: "LUMENMOSS", gs1CompanyPrefix: "0614141", warehouseCode: "DC-East" });
}
