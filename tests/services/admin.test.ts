import { and, asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { bins, carriers, loopEvents } from "../../db/schema";
import { DomainError } from "../../server/domain/errors";
import { deleteBin } from "../../server/services/admin/deleteBin";
import { createWorkspace } from "../../server/services/admin/createWorkspace";
import { carrierDetail, listAdminChanges, listCarriers, listPeople, listProducts, listWarehouses } from "../../server/services/admin/queries";
import { saveAccount } from "../../server/services/admin/saveAccount";
import { saveProduct } from "../../server/services/admin/saveProduct";
import { saveUser } from "../../server/services/admin/saveUser";
import { setLotExpiry } from "../../server/services/admin/setLotExpiry";
import { allocateOrder } from "../../server/services/orders/allocateOrder";
import { addDays, isoDateOf } from "../../server/domain/dates";
import { actorForUser } from "../../server/services/actor";
import { rotateWebhookSecret } from "../../server/services/admin/rotateWebhookSecret";
import { saveBin } from "../../server/services/admin/saveBin";
import { saveCarrier, type SaveCarrierInput } from "../../server/services/admin/saveCarrier";
import { setCarrierRates } from "../../server/services/admin/setCarrierRates";
import { setCarrierZones } from "../../server/services/admin/setCarrierZones";
import { receiveInventory } from "../../server/services/inventory/receiveInventory";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";
import { shippedOrder } from "../support/flows";
import { workspaceSnapshot } from "../support/snapshot";

const t = useTestDatabase();

const DHL: SaveCarrierInput = {
  code: "dhl",
  name: "DHL Express",
  trackingUrlTemplate: "https://www.dhl.com/track?id={tracking}",
  services: [{ code: "EXPRESS", name: "DHL Express Worldwide", transitDays: 2 }],
};

async function refused(w: TestWorkspace, run: () => Promise<unknown>, message: RegExp) {
  const before = await workspaceSnapshot(t.db, w.workspace.id);
  const error = await run().then(() => null, (e: unknown) => e);
  expect(error, "should have been refused").toBeInstanceOf(DomainError);
  expect((error as DomainError).message).toMatch(message);
  expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);
}

async function adminEvents(w: TestWorkspace) {
  const events = await t.db.select().from(loopEvents).where(eq(loopEvents.workspaceId, w.workspace.id)).orderBy(asc(loopEvents.seq));
  return events.filter((e) => e.type.startsWith("admin.")).map((e) => ({ type: e.type, actor: e.actorLabel, payload: e.payload }));
}

describe("admin: carriers", () => {
  let w: TestWorkspace;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
  });

  it("creates a carrier and shows its webhook secret once; rotating replaces it; neither is ever read back or logged", async () => {
    const { carrier, webhookSecret } = await saveCarrier(t.db, w.actors.admin, DHL);
    expect(carrier.code).toBe("DHL");
    expect(webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const listed = await listCarriers(t.db, w.actors.admin);
    expect(listed.map((c) => [c.code, c.services])).toEqual([["DHL", 1], ["FEDEX", 3], ["UPS", 2]]);
    expect(JSON.stringify(listed)).not.toContain(webhookSecret);
    expect(JSON.stringify(await carrierDetail(t.db, w.actors.admin, carrier.id))).not.toContain("whsec_");

    const rotated = await rotateWebhookSecret(t.db, w.actors.admin, { carrierId: carrier.id });
    expect(rotated.webhookSecret).not.toBe(webhookSecret);
    const [stored] = await t.db.select().from(carriers).where(eq(carriers.id, carrier.id));
    expect(stored?.webhookSecret).toBe(rotated.webhookSecret);

    const events = await adminEvents(w);
    expect(events.map((e) => e.type)).toEqual(["admin.carrier.created", "admin.carrier.secret_rotated"]);
    expect(events[0]?.actor).toBe(w.actors.admin.label);
    expect(JSON.stringify(events)).not.toContain("whsec_");
    // The console's activity list: the same events, newest first, and only admin ones.
    expect((await listAdminChanges(t.db, w.actors.admin)).map((c) => c.type)).toEqual(["admin.carrier.secret_rotated", "admin.carrier.created"]);
  });

  it("refuses bad carrier input field by field and writes nothing", async () => {
    await refused(w, () => saveCarrier(t.db, w.actors.admin, { ...DHL, trackingUrlTemplate: "https://www.dhl.com/track" }), /trackingUrlTemplate: must contain \{tracking\}/);
    await refused(w, () => saveCarrier(t.db, w.actors.admin, { ...DHL, services: [...DHL.services, { code: "express", name: "Again", transitDays: 1 }] }), /services\[1\]\.code: EXPRESS is listed twice/);
    await refused(w, () => saveCarrier(t.db, w.actors.admin, { ...DHL, code: "FEDEX" }), /code: a carrier FEDEX already exists/);
    await refused(w, () => saveCarrier(t.db, w.actors.operator, DHL), /operator may not/);
  });

  it("sets zones and a rate table, refusing rates for a zone or service the carrier does not have", async () => {
    const { carrier } = await saveCarrier(t.db, w.actors.admin, DHL);
    await setCarrierZones(t.db, w.actors.admin, { carrierId: carrier.id, zones: [{ zone: "1", match: "REGION", value: "ma" }, { zone: "2", match: "POSTAL_PREFIX", value: "9" }] });
    await refused(w, () => setCarrierZones(t.db, w.actors.admin, { carrierId: carrier.id, zones: [{ zone: "1", match: "REGION", value: "MA" }, { zone: "3", match: "REGION", value: "MA" }] }), /zones\[1\]\.value: MA is already in zone 1/);
    await refused(
      w,
      () => setCarrierRates(t.db, w.actors.admin, { carrierId: carrier.id, rates: [{ serviceCode: "EXPRESS", zone: "1", maxWeightGrams: 1000, amountMinor: 1500 }, { serviceCode: "EXPRESS", zone: "9", maxWeightGrams: 1000, amountMinor: 1900 }] }),
      /rates\[1\]\.zone: DHL has no zone 9/,
    );
    await refused(w, () => setCarrierRates(t.db, w.actors.admin, { carrierId: carrier.id, rates: [{ serviceCode: "ECONOMY", zone: "1", maxWeightGrams: 1000, amountMinor: 900 }] }), /rates\[0\]\.serviceCode: DHL has no service ECONOMY/);

    await setCarrierRates(t.db, w.actors.admin, { carrierId: carrier.id, rates: [{ serviceCode: "EXPRESS", zone: "1", maxWeightGrams: 1000, amountMinor: 1500 }, { serviceCode: "EXPRESS", zone: "2", maxWeightGrams: 1000, amountMinor: 2100 }] });
    const detail = await carrierDetail(t.db, w.actors.admin, carrier.id);
    expect(detail.zones).toEqual([{ zone: "1", match: "REGION", value: "MA" }, { zone: "2", match: "POSTAL_PREFIX", value: "9" }]);
    expect(detail.rates.map((r) => [r.zone, r.maxWeightGrams, r.amountMinor, r.currency])).toEqual([["1", 1000, 1500, "USD"], ["2", 1000, 2100, "USD"]]);
    expect((await adminEvents(w)).map((e) => e.type)).toEqual(["admin.carrier.created", "admin.carrier.zones_set", "admin.carrier.rates_set"]);
  });

  it("keeps a service shipments use, and another workspace's admin cannot touch the carrier", async () => {
    await w.product("SERUM");
    await w.stock("SERUM", "S-1", 5, { expiresOn: "2028-01-01" });
    await shippedOrder(t.db, w, [{ sku: "SERUM", quantity: 1 }], { carrierCode: "FEDEX", serviceCode: "GROUND", trackingNumber: "794600000777" });
    const [fedex] = await t.db.select().from(carriers).where(and(eq(carriers.workspaceId, w.workspace.id), eq(carriers.code, "FEDEX")));
    const detail = await carrierDetail(t.db, w.actors.admin, fedex!.id);
    const withoutGround = detail.services.filter((s) => s.code !== "GROUND");
    await refused(w, () => saveCarrier(t.db, w.actors.admin, { ...detail, carrierId: fedex!.id, services: withoutGround }), /services: GROUND cannot be removed: 1 shipments/);

    const stranger = await makeWorkspace(t.db);
    await refused(w, () => rotateWebhookSecret(t.db, stranger.actors.admin, { carrierId: fedex!.id }), /was not found/);
    await expect(carrierDetail(t.db, stranger.actors.admin, fedex!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("admin: warehouses and bins", () => {
  let w: TestWorkspace;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    await w.product("SERUM");
  });

  it("adds and changes bins, refusing a duplicate code; every change is an event", async () => {
    const bin = await saveBin(t.db, w.actors.admin, { warehouseCode: "DC-T", code: "c-01", zone: "c", pickSequence: 3 });
    expect(bin).toMatchObject({ code: "C-01", zone: "C", pickSequence: 3 });
    await refused(w, () => saveBin(t.db, w.actors.admin, { warehouseCode: "DC-T", code: "A-01", zone: "A", pickSequence: 9 }), /code: DC-T already has a bin A-01/);
    await refused(w, () => saveBin(t.db, w.actors.admin, { warehouseCode: "DC-T", code: "C 01", zone: "", pickSequence: -1 }), /code: must be 2 to 24 letters.*zone: is required.*pickSequence: cannot be negative/);
    await saveBin(t.db, w.actors.admin, { binId: bin.id, warehouseCode: "DC-T", code: "C-01", zone: "C", pickSequence: 0 });
    const [warehouse] = await listWarehouses(t.db, w.actors.admin);
    expect(warehouse?.bins.map((b) => b.code)).toEqual(["C-01", "A-01", "B-01"]); // walking order
    const events = await adminEvents(w);
    expect(events.map((e) => e.type)).toEqual(["admin.bin.created", "admin.bin.updated"]);
    expect(events[1]?.payload).toMatchObject({ changes: { pickSequence: [3, 0] } });
  });

  it("refuses to delete a bin holding stock; deletes an unused one; retires one with history", async () => {
    await w.stock("SERUM", "S-1", 4, { expiresOn: "2028-01-01", bin: "B-01" });
    const [b01] = await t.db.select().from(bins).where(and(eq(bins.warehouseId, w.warehouse.id), eq(bins.code, "B-01")));
    expect((await listWarehouses(t.db, w.actors.admin))[0]?.bins.map((b) => [b.code, b.units])).toEqual([["A-01", 0], ["B-01", 4]]);
    await refused(w, () => deleteBin(t.db, w.actors.admin, { binId: b01!.id }), /Bin B-01 is holding 4 units; to be deleted it must be empty/);

    const spare = await saveBin(t.db, w.actors.admin, { warehouseCode: "DC-T", code: "SPARE", zone: "Z", pickSequence: 9 });
    expect(await deleteBin(t.db, w.actors.admin, { binId: spare.id })).toEqual({ code: "SPARE", retired: false });
    expect(await t.db.select().from(bins).where(eq(bins.id, spare.id))).toEqual([]);

    await shippedOrder(t.db, w, [{ sku: "SERUM", quantity: 4 }], { carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1Z0000000000000099" });
    expect(await deleteBin(t.db, w.actors.admin, { binId: b01!.id })).toEqual({ code: "B-01", retired: true });
    expect((await listWarehouses(t.db, w.actors.admin))[0]?.bins.map((b) => b.code)).toEqual(["A-01"]);
    await refused(w, () => receiveInventory(t.db, w.actors.operator, { warehouseCode: "DC-T", binCode: "B-01", sku: "SERUM", lotCode: "S-2", expiresOn: "2028-02-01", quantity: 1 }), /binCode: bin B-01 was deleted/);
    // Its code comes back as the same bin, history and all.
    expect((await saveBin(t.db, w.actors.admin, { warehouseCode: "DC-T", code: "B-01", zone: "B", pickSequence: 2 })).id).toBe(b01!.id);
  });
});

describe("admin: catalogue, accounts, people, workspaces", () => {
  let w: TestWorkspace;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
  });

  it("creates and changes a product, refusing a pallet that is not whole cases; lot tracking is enforced at receipt", async () => {
    const fields = { sku: "lmb-new-01", name: "New Serum", unitPriceMinor: 2500, weightGrams: 100, casePackQty: 12, palletQty: 100, lotTracked: true, minShelfLifeDays: 60 };
    await refused(w, () => saveProduct(t.db, w.actors.admin, fields), /palletQty: must be a whole number of cases/);
    const product = await saveProduct(t.db, w.actors.admin, { ...fields, palletQty: 720 });
    expect(product).toMatchObject({ sku: "LMB-NEW-01", currency: "USD", lotTracked: true });
    await refused(w, () => receiveInventory(t.db, w.actors.operator, { warehouseCode: "DC-T", binCode: "A-01", sku: "LMB-NEW-01", quantity: 5 }), /lotCode: LMB-NEW-01 is lot-tracked: give the lot code; expiresOn: LMB-NEW-01 is lot-tracked/);
    await saveProduct(t.db, w.actors.admin, { ...fields, palletQty: 720, productId: product.id, unitPriceMinor: 2700 });
    const [listed] = await listProducts(t.db, w.actors.admin);
    expect(listed).toMatchObject({ sku: "LMB-NEW-01", unitPriceMinor: 2700, lots: [] });
    // An expiry correction counts at once: inside the 60-day shelf life, the lot is no longer allocatable.
    await receiveInventory(t.db, w.actors.operator, { warehouseCode: "DC-T", binCode: "A-01", sku: "LMB-NEW-01", lotCode: "N-1", expiresOn: "2028-01-01", quantity: 5 });
    await refused(w, () => setLotExpiry(t.db, w.actors.admin, { sku: "LMB-NEW-01", lotCode: "N-1", expiresOn: "2028-13-01", reason: "CoA" }), /expiresOn: must be a date/);
    await setLotExpiry(t.db, w.actors.admin, { sku: "LMB-NEW-01", lotCode: "N-1", expiresOn: addDays(isoDateOf(new Date(), "UTC"), 30), reason: "Supplier certificate" });
    const order = await w.order([{ sku: "LMB-NEW-01", quantity: 1 }]);
    await expect(allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 })).rejects.toMatchObject({ code: "INSUFFICIENT_STOCK" });
    const events = await adminEvents(w);
    expect(events.map((e) => e.type)).toEqual(["admin.product.created", "admin.product.updated", "admin.lot.expiry_corrected"]);
    expect(events[1]?.payload).toMatchObject({ changes: { unitPriceMinor: [2500, 2700] } });
    expect(events[2]?.payload).toMatchObject({ lot: "N-1", reason: "Supplier certificate" });
  });

  it("manages accounts and users: a customer needs an account, the last admin stays an admin, passwords never leave", async () => {
    const account = await saveAccount(t.db, w.actors.admin, { code: "bolt", name: "Bolt Supply", paymentTerms: "NET_60", deliveryLeadDays: 9, mayPlaceOrders: true, mayCancelOrders: false });
    expect(account.code).toBe("BOLT");
    await refused(w, () => saveUser(t.db, w.actors.admin, { email: "buyer@bolt.example", name: "Bolt Buyer", role: "customer", password: "correct horse battery" }), /accountCode: a customer belongs to a B2B account/);
    await refused(w, () => saveUser(t.db, w.actors.admin, { email: "not-an-email", name: "", role: "operator", password: "short" }), /email: must be an e-mail address; name: is required; password: must be at least 12 characters/);
    const buyer = await saveUser(t.db, w.actors.admin, { email: "Buyer@Bolt.example", name: "Bolt Buyer", role: "customer", accountCode: "bolt", password: "correct horse battery" });
    expect(buyer).toMatchObject({ email: "buyer@bolt.example", accountId: account.id });
    expect(buyer).not.toHaveProperty("passwordHash");

    await refused(w, () => saveUser(t.db, w.actors.admin, { userId: w.actors.admin.userId!, email: "admin-x@test.local", name: "Test admin", role: "operator" }), /role: the workspace needs at least one admin/);
    const people = await listPeople(t.db, w.actors.admin);
    expect(people.users.find((u) => u.email === "buyer@bolt.example")).toMatchObject({ role: "customer", accountCode: "BOLT" });
    expect(JSON.stringify(people)).not.toMatch(/argon2|passwordHash|correct horse/);
    expect(JSON.stringify(await adminEvents(w))).not.toMatch(/argon2|correct horse/);
  });

  it("creates a second workspace whose admin sees nothing of the first", async () => {
    await w.product("SERUM");
    await refused(w, () => createWorkspace(t.db, { code: "x", name: "", timeZone: "Mars/Olympus", currency: "dollars", admin: { email: "x", name: "X", password: "p" } }), /code: must be 2 to 12.*name: is required.*timeZone: must be an IANA time zone.*currency: must be a three-letter/);
    const code = `W${Date.now().toString(36).toUpperCase().slice(-6)}`;
    const { workspace, admin } = await createWorkspace(t.db, { code, name: "Second Brand", timeZone: "Europe/Berlin", currency: "eur", admin: { email: `admin@${code.toLowerCase()}.example`, name: "Second Admin", password: "a long enough password" } });
    expect(workspace).toMatchObject({ code, currency: "EUR", timeZone: "Europe/Berlin" });
    const theirs = actorForUser({ ...admin, accountId: null });
    expect(await listProducts(t.db, theirs)).toEqual([]);
    expect(await listCarriers(t.db, theirs)).toEqual([]);
    expect((await listPeople(t.db, theirs)).users.map((u) => u.email)).toEqual([admin.email]);
    await expect(saveBin(t.db, theirs, { warehouseCode: "DC-T", code: "X-01", zone: "X", pickSequence: 1 })).rejects.toThrow(/warehouseCode: no warehouse DC-T/);
  });
});
