import { sql } from "drizzle-orm";
import { queryRows } from "../../db/client";
import { beforeEach, describe, expect, it } from "vitest";
import { addDays, isoDateOf } from "../../server/domain/dates";
import { receiveInventory } from "../../server/services/inventory/receiveInventory";
import { setLotQcStatus } from "../../server/services/inventory/setLotQcStatus";
import { allocateOrder } from "../../server/services/orders/allocateOrder";
import { cancelOrder } from "../../server/services/orders/cancelOrder";
import { createOrder } from "../../server/services/orders/createOrder";
import { getOrderDetail, listOrders } from "../../server/services/orders/queries";
import { queueForFulfillment } from "../../server/services/orders/queueForFulfillment";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, SHIP_TO, type TestWorkspace } from "../support/factories";
import { expectRefused as refused } from "../support/refusals";

const t = useTestDatabase();

/** Runs a command that must be refused with `code`, and proves it wrote nothing at all. */
const expectRefused = (w: TestWorkspace, run: () => Promise<unknown>, code: string, message: RegExp) => refused(t.db, w.workspace.id, run, code, message);

describe("bad input and refused commands write nothing", () => {
  let w: TestWorkspace;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    await w.product("SERUM", { minShelfLifeDays: 30 });
    await w.product("MASK");
    await w.stock("SERUM", "S-1", 5, { expiresOn: "2027-08-01" });
    await w.stock("SERUM", "S-HELD", 50, { expiresOn: "2027-08-01", qc: "HOLD" });
    await w.stock("SERUM", "S-EXPIRED", 50, { expiresOn: "2026-11-01" });
    await w.stock("MASK", "M-1", 2, { expiresOn: "2028-01-01" });
  });

  it("refuses an unknown SKU, naming the line", async () => {
    await expectRefused(w, () => w.order([{ sku: "SERUM", quantity: 1 }, { sku: "NOPE-1", quantity: 1 }]), "BAD_INPUT", /lines\[1\]\.sku: unknown SKU NOPE-1/);
  });

  it("refuses zero, negative and fractional quantities, naming the field", async () => {
    const e = await expectRefused(w, () => w.order([{ sku: "SERUM", quantity: 0 }, { sku: "SERUM", quantity: -2 }, { sku: "SERUM", quantity: 1.5 }]), "BAD_INPUT", /lines\[0\]\.quantity: must be more than zero/);
    expect(e.details.issues).toEqual([
      { field: "lines[0].quantity", message: "must be more than zero" },
      { field: "lines[1].quantity", message: "must be more than zero" },
      { field: "lines[2].quantity", message: "must be a whole number" },
    ]);
  });

  it("refuses an order without lines or ship-to fields", async () => {
    await expectRefused(w, () => createOrder(t.db, w.actors.operator, { customerName: "", shipTo: { ...SHIP_TO, city: "" }, lines: [] }), "BAD_INPUT", /customerName: is required; shipTo\.city: is required; lines: an order needs at least one line/);
  });

  it("refuses a pinned lot of another SKU", async () => {
    await expectRefused(w, () => w.order([{ sku: "MASK", quantity: 1, lotCode: "S-1" }]), "BAD_INPUT", /lines\[0\]\.lotCode: lot S-1: it belongs to another SKU, not MASK/);
  });

  it("refuses pinning a lot on QC hold or one that expires too soon", async () => {
    await expectRefused(w, () => w.order([{ sku: "SERUM", quantity: 1, lotCode: "S-HELD" }]), "LOT_NOT_USABLE", /Lot S-HELD cannot be used: QC status is HOLD/);
    await expectRefused(w, () => w.order([{ sku: "SERUM", quantity: 1, lotCode: "S-EXPIRED" }]), "LOT_NOT_USABLE", new RegExp(`expires 2026-11-01, must expire after ${addDays(isoDateOf(new Date(), "UTC"), 30)}`));
  });

  it("refuses a B2B order without a buyer PO, and an unknown account", async () => {
    await expectRefused(w, () => w.order([{ sku: "SERUM", quantity: 1 }], { accountCode: "ACME" }), "BAD_INPUT", /buyerPo: is required for a B2B order/);
    await expectRefused(w, () => w.order([{ sku: "SERUM", quantity: 1 }], { accountCode: "NOBODY", buyerPo: "PO-1" }), "BAD_INPUT", /accountCode: unknown account NOBODY/);
  });

  it("refuses a delivery window that ends before it starts", async () => {
    await expectRefused(w, () => w.order([{ sku: "SERUM", quantity: 1 }], { deliveryWindow: { start: "2026-12-10", end: "2026-12-01" } }), "BAD_INPUT", /deliveryWindow\.end: must not end before it starts/);
  });

  it("refuses short stock with the shortage per SKU, never counting held or expired lots", async () => {
    const order = await w.order([{ sku: "SERUM", quantity: 7 }, { sku: "MASK", quantity: 2 }]);
    const e = await expectRefused(w, () => allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 }), "INSUFFICIENT_STOCK", /SERUM short 2 \(requested 7, available 5\)/);
    expect(e.details.shortages).toEqual([{ sku: "SERUM", requested: 7, available: 5, short: 2 }]);
  });

  it("refuses to allocate a pinned line whose lot went on hold after the order was taken", async () => {
    const order = await w.order([{ sku: "SERUM", quantity: 1, lotCode: "S-1" }]);
    await t.db.execute(sql`update lots set qc_status = 'QUARANTINE' where code = 'S-1' and workspace_id = ${w.workspace.id}`);
    await expectRefused(w, () => allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 }), "LOT_NOT_USABLE", /Lot S-1 cannot be used: QC status is QUARANTINE/);
  });

  it("refuses a stale version with a conflict naming both versions and the state", async () => {
    const order = await w.order([{ sku: "SERUM", quantity: 1 }]);
    await allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 });
    await expectRefused(w, () => cancelOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 }), "VERSION_CONFLICT", /your version 1, now 2, state ALLOCATED/);
  });

  it("refuses an invalid transition, naming the current state and the allowed ones", async () => {
    const order = await w.order([{ sku: "SERUM", quantity: 1 }]);
    await expectRefused(w, () => queueForFulfillment(t.db, w.actors.operator, { orderId: order.id, version: 1 }), "INVALID_TRANSITION", /is RECEIVED; it cannot move to FULFILLMENT_QUEUED\. Allowed from RECEIVED: ALLOCATED, CANCELLED/);
  });

  it("refuses every command on a cancelled order", async () => {
    const order = await w.order([{ sku: "SERUM", quantity: 1 }]);
    await cancelOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 });
    await expectRefused(w, () => allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 2 }), "INVALID_TRANSITION", /is CANCELLED; it cannot move to ALLOCATED\. Allowed from CANCELLED: none \(final state\)/);
  });

  it("refuses a malformed order id before touching the database", async () => {
    await expectRefused(w, () => allocateOrder(t.db, w.actors.operator, { orderId: "LMB-ORD-1", version: 1 }), "BAD_INPUT", /orderId: must be an order id/);
  });

  it("refuses receiving into an unknown bin or a lot with another expiry", async () => {
    await expectRefused(w, () => receiveInventory(t.db, w.actors.operator, { warehouseCode: "DC-T", binCode: "Z-99", sku: "SERUM", quantity: 1 }), "BAD_INPUT", /binCode: no bin Z-99 in warehouse DC-T/);
    await expectRefused(w, () => receiveInventory(t.db, w.actors.operator, { warehouseCode: "DC-T", binCode: "A-01", sku: "SERUM", lotCode: "S-1", expiresOn: "2029-01-01", quantity: 1 }), "BAD_INPUT", /expiresOn: lot S-1 is already recorded as expiring 2027-08-01/);
  });
});

describe("workspaces, accounts and roles", () => {
  let w: TestWorkspace;
  let other: TestWorkspace;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    other = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.stock("SERUM", "S-1", 10, { expiresOn: "2027-08-01" });
  });

  it("treats another workspace's order as not found, for reads and commands alike", async () => {
    const order = await w.order([{ sku: "SERUM", quantity: 1 }]);
    await expectRefused(w, () => allocateOrder(t.db, other.actors.admin, { orderId: order.id, version: 1 }), "NOT_FOUND", /Order .* was not found/);
    await expect(getOrderDetail(t.db, other.actors.admin, order.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await listOrders(t.db, other.actors.admin)).total).toBe(0);
  });

  it("shows a customer only their own account's orders; another account's is not found", async () => {
    const acme = await w.order([{ sku: "SERUM", quantity: 1 }], { accountCode: "ACME", buyerPo: "PO-ACME-1" });
    const otherCo = await w.order([{ sku: "SERUM", quantity: 1 }], { accountCode: "OTHER", buyerPo: "PO-OTH-1" });
    await w.order([{ sku: "SERUM", quantity: 1 }]);
    const seen = await listOrders(t.db, w.actors.customerAcme);
    expect(seen.rows.map((r) => r.id)).toEqual([acme.id]);
    await expect(getOrderDetail(t.db, w.actors.customerAcme, otherCo.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expectRefused(w, () => cancelOrder(t.db, w.actors.customerAcme, { orderId: otherCo.id, version: 1 }), "NOT_FOUND", /was not found/);
  });

  it("lets a customer place an order for their own account only, as a portal order with the account's terms", async () => {
    const order = await createOrder(t.db, w.actors.customerAcme, { customerName: "Acme site 4", shipTo: SHIP_TO, buyerPo: "PO-77", lines: [{ sku: "SERUM", quantity: 2 }] });
    expect(order).toMatchObject({ accountId: w.accounts.acme.id, channel: "WHOLESALE_PORTAL", paymentTerms: "NET_30" });
    await expectRefused(w, () => createOrder(t.db, w.actors.customerAcme, { accountCode: "OTHER", customerName: "x", shipTo: SHIP_TO, buyerPo: "PO-1", lines: [{ sku: "SERUM", quantity: 1 }] }), "NOT_FOUND", /Account OTHER was not found/);
  });

  it("forbids customers warehouse commands, and cancelling where their account does not allow it", async () => {
    const order = await w.order([{ sku: "SERUM", quantity: 1 }], { accountCode: "OTHER", buyerPo: "PO-9" });
    await expectRefused(w, () => allocateOrder(t.db, w.actors.customerOther, { orderId: order.id, version: 1 }), "FORBIDDEN", /A customer may not order allocate/);
    await expectRefused(w, () => cancelOrder(t.db, w.actors.customerOther, { orderId: order.id, version: 1 }), "FORBIDDEN", /may not cancel orders for Other Co/);
  });
});

describe("lot QC decisions", () => {
  it("an admin's hold is recorded as an event and takes effect on the next allocation; operators may not decide QC", async () => {
    const w = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.stock("SERUM", "S-1", 5, { expiresOn: "2027-08-01" });
    await setLotQcStatus(t.db, w.actors.admin, { sku: "SERUM", lotCode: "S-1", qcStatus: "HOLD", reason: "supplier complaint" });
    const [event] = await queryRows<{ type: string; from_state: string; to_state: string }>(t.db, sql`select type, from_state, to_state from loop_events where workspace_id = ${w.workspace.id} and type = 'scm.lot.qc_changed'`);
    expect(event).toEqual({ type: "scm.lot.qc_changed", from_state: "RELEASED", to_state: "HOLD" });
    const order = await w.order([{ sku: "SERUM", quantity: 1 }]);
    await expectRefused(w, () => allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 }), "INSUFFICIENT_STOCK", /SERUM short 1/);
    await expectRefused(w, () => setLotQcStatus(t.db, w.actors.operator, { sku: "SERUM", lotCode: "S-1", qcStatus: "RELEASED", reason: "x" }), "FORBIDDEN", /operator may not lot qc/);
    await expectRefused(w, () => setLotQcStatus(t.db, w.actors.admin, { sku: "SERUM", lotCode: "NOPE", qcStatus: "RELEASED", reason: "x" }), "BAD_INPUT", /lotCode: no lot NOPE of SERUM/);
  });
});

describe("history is append-only", () => {
  it("refuses to update or delete loop events and ledger rows", async () => {
    const w = await makeWorkspace(t.db);
    await w.product("SERUM");
    await w.stock("SERUM", "S-1", 1);
    // Drizzle wraps the database error; the trigger's message is its cause.
    const refusal = (table: string) => ({ cause: expect.objectContaining({ message: expect.stringMatching(new RegExp(`${table} is append-only`)) }) });
    await expect(t.db.execute(sql`update loop_events set type = 'x' where workspace_id = ${w.workspace.id}`)).rejects.toMatchObject(refusal("loop_events"));
    await expect(t.db.execute(sql`delete from inventory_ledger where workspace_id = ${w.workspace.id}`)).rejects.toMatchObject(refusal("inventory_ledger"));
  });
});
