import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { accounts, bins, lots, products, users, warehouses, workspaces } from "../../db/schema";
import type { QcStatus } from "../../server/domain/lots";
import type { Role } from "../../server/domain/permissions";
import { actorForUser } from "../../server/services/actor";
import { receiveInventory } from "../../server/services/inventory/receiveInventory";
import { createOrder, type CreateOrderInput } from "../../server/services/orders/createOrder";
import { createCarrier, DEMO_CARRIERS } from "../../db/seed/carriers";

export const SHIP_TO = { name: "Dana Reyes", line1: "12 Harbor St", city: "Boston", region: "MA", postalCode: "02110", country: "US" };

/**
 * A fresh workspace per test: warehouse DC-T with bins A-01 (walked first) and B-01, accounts
 * ACME and OTHER, and one user per role. Tests never see each other's rows.
 */
export async function makeWorkspace(db: Database) {
  const tag = randomUUID().slice(0, 8).toUpperCase();
  const [workspace] = await db.insert(workspaces).values({ code: `T${tag}`, name: `Test ${tag}`, orderPrefix: `T${tag}` }).returning();
  const ws = workspace!.id;
  const [warehouse] = await db.insert(warehouses).values({ workspaceId: ws, code: "DC-T", name: "Test DC" }).returning();
  await db.insert(bins).values([
    { workspaceId: ws, warehouseId: warehouse!.id, code: "A-01", zone: "A", pickSequence: 1 },
    { workspaceId: ws, warehouseId: warehouse!.id, code: "B-01", zone: "B", pickSequence: 2 },
  ]);
  const [acme, other] = await db
    .insert(accounts)
    .values([
      { workspaceId: ws, code: "ACME", name: "Acme Builders", paymentTerms: "NET_30" },
      { workspaceId: ws, code: "OTHER", name: "Other Co", paymentTerms: "NET_15", mayCancelOrders: false },
    ])
    .returning();

  const user = async (role: Role, accountId: string | null = null) => {
    const [u] = await db
      .insert(users)
      .values({ workspaceId: ws, email: `${role}-${randomUUID()}@test.local`, name: `Test ${role}`, passwordHash: "not-used", role, accountId })
      .returning();
    return actorForUser(u!);
  };
  const actors = {
    admin: await user("admin"),
    operator: await user("operator"),
    customerAcme: await user("customer", acme!.id),
    customerOther: await user("customer", other!.id),
  };

  async function product(sku: string, opts: { minShelfLifeDays?: number; casePackQty?: number; unitPriceMinor?: number } = {}) {
    const [p] = await db
      .insert(products)
      .values({ workspaceId: ws, sku, name: `Product ${sku}`, unitPriceMinor: opts.unitPriceMinor ?? 1000, currency: "USD", casePackQty: opts.casePackQty ?? null, minShelfLifeDays: opts.minShelfLifeDays ?? 0 })
      .returning();
    return p!;
  }

  /** Receives stock through the real service; a QC status other than released is set after. */
  async function stock(sku: string, lotCode: string, quantity: number, opts: { expiresOn?: string; bin?: string; qc?: QcStatus } = {}) {
    const position = await receiveInventory(db, actors.operator, { warehouseCode: "DC-T", binCode: opts.bin ?? "A-01", sku, lotCode, expiresOn: opts.expiresOn, quantity });
    if (opts.qc) await db.update(lots).set({ qcStatus: opts.qc }).where(eq(lots.id, position.lotId));
    return position;
  }

  function order(lines: CreateOrderInput["lines"], extra: Partial<CreateOrderInput> = {}) {
    // Planned for today (the default): no order may plan to ship in the past.
    return createOrder(db, actors.operator, { customerName: "Dana Reyes", shipTo: SHIP_TO, lines, ...extra });
  }

  for (const carrier of DEMO_CARRIERS) await createCarrier(db, ws, carrier);

  return { workspace: workspace!, warehouse: warehouse!, accounts: { acme: acme!, other: other! }, actors, product, stock, order };
}
export type TestWorkspace = Awaited<ReturnType<typeof makeWorkspace>>;
