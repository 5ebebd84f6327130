import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { loopEvents, orderLines } from "../../db/schema";
import { addDays, isoDateOf } from "../../server/domain/dates";
import { MAX_INT4 } from "../../server/domain/limits";
import { createOrder } from "../../server/services/orders/createOrder";
import { getOrderDetail } from "../../server/services/orders/queries";
import { allocateOrder } from "../../server/services/orders/allocateOrder";
import { queueForFulfillment } from "../../server/services/orders/queueForFulfillment";
import { packFulfillment } from "../../server/services/fulfillment/packFulfillment";
import { generatePickList } from "../../server/services/fulfillment/pickList";
import { recordShipment } from "../../server/services/fulfillment/recordShipment";
import { BOX, fulfillmentOf, pickAsSuggested } from "../support/flows";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, SHIP_TO, type TestWorkspace } from "../support/factories";
import { expectRefused } from "../support/refusals";

const t = useTestDatabase();
const today = () => isoDateOf(new Date(), "UTC"); // test workspaces keep UTC

describe("prices and terms come from the server", () => {
  let w: TestWorkspace;
  const portalOrder = (extra: Record<string, unknown>, lines: Record<string, unknown>[] = [{ sku: "GIFT", quantity: 100 }]) =>
    createOrder(t.db, w.actors.customerAcme, { customerName: "Acme site 4", shipTo: SHIP_TO, buyerPo: "PO-1", lines, ...extra } as Parameters<typeof createOrder>[2]);
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    await w.product("GIFT", { unitPriceMinor: 8900 });
    await w.stock("GIFT", "G-1", 500, { expiresOn: addDays(today(), 400) });
  });

  it("refuses a buyer's own price or terms, and writes nothing", async () => {
    await expectRefused(t.db, w.workspace.id, () => portalOrder({}, [{ sku: "GIFT", quantity: 100, unitPriceMinor: 0 }]), "FORBIDDEN", /customer may not set prices or payment terms/);
    await expectRefused(t.db, w.workspace.id, () => portalOrder({ paymentTerms: "NET_60" }), "FORBIDDEN", /customer may not set prices or payment terms/);
  });

  it("prices a buyer's order from the price list, on the account's terms", async () => {
    // Echoing the list price or the account's own terms is no override.
    const order = await portalOrder({ paymentTerms: "NET_30" }, [{ sku: "GIFT", quantity: 100, unitPriceMinor: 8900 }]);
    expect(order).toMatchObject({ totalMinor: 890_000, paymentTerms: "NET_30" });
    const [line] = await t.db.select().from(orderLines).where(eq(orderLines.orderId, order.id));
    expect(line!.unitPriceMinor).toBe(8900);
  });

  it("lets staff set a price or terms with a reason, recorded on the timeline with who and why", async () => {
    await expectRefused(t.db, w.workspace.id, () => w.order([{ sku: "GIFT", quantity: 10, unitPriceMinor: 7000 }], { accountCode: "ACME", buyerPo: "PO-2" }), "BAD_INPUT", /overrideReason: say why/);
    const order = await w.order([{ sku: "GIFT", quantity: 10, unitPriceMinor: 7000 }], { accountCode: "ACME", buyerPo: "PO-2", paymentTerms: "NET_60", overrideReason: "Trade show deal, approved by Sam" });
    expect(order).toMatchObject({ totalMinor: 70_000, paymentTerms: "NET_60" });
    const [event] = await t.db.select().from(loopEvents).where(and(eq(loopEvents.subjectId, order.id), eq(loopEvents.type, "dcm.order.terms_overridden")));
    expect(event).toMatchObject({
      actorId: w.actors.operator.userId,
      payload: { reason: "Trade show deal, approved by Sam", prices: [{ line: 1, sku: "GIFT", listPriceMinor: 8900, unitPriceMinor: 7000 }], paymentTerms: { account: "NET_30", order: "NET_60" } },
    });
  });

  it("never tells a buyer whether a lot exists or what its QC state is: pinning is for staff", async () => {
    await w.stock("GIFT", "G-HELD", 5, { expiresOn: addDays(today(), 400), qc: "HOLD" });
    const answers = [];
    for (const lotCode of ["G-1", "G-HELD", "NO-SUCH-LOT"]) {
      const e = await expectRefused(t.db, w.workspace.id, () => portalOrder({}, [{ sku: "GIFT", quantity: 1, lotCode }]), "BAD_INPUT", /lines\[0\]\.lotCode: lots are pinned by our staff/);
      answers.push(e.message);
    }
    expect(new Set(answers).size).toBe(1);
  });

  it("refuses an order whose total a column cannot hold, naming the lines", async () => {
    await w.product("YACHT", { unitPriceMinor: 100_000_000 });
    await expectRefused(t.db, w.workspace.id, () => w.order([{ sku: "YACHT", quantity: 22, unitPriceMinor: 100_000_000, }], { overrideReason: "x" }), "BAD_INPUT", new RegExp(`lines: the order comes to 2200000000 .*\\(${MAX_INT4}\\)`));
    await expectRefused(t.db, w.workspace.id, () => w.order([{ sku: "GIFT", quantity: 2 ** 31 }]), "BAD_INPUT", /lines\[0\]\.quantity: must be at most 1,000,000/);
  });

  it("shows a buyer the lots shipped to them, never reservations, bins, stock levels, staff notes or internal ids", async () => {
    const order = await portalOrder({}, [{ sku: "GIFT", quantity: 3 }]);
    const staffNote = await w.order([{ sku: "GIFT", quantity: 1, unitPriceMinor: 1 }], { accountCode: "ACME", buyerPo: "PO-N", overrideReason: "INTERNAL margin waived" });
    await allocateOrder(t.db, w.actors.operator, { orderId: order.id, version: 1 });
    const allocated = await getOrderDetail(t.db, w.actors.customerAcme, order.id);
    expect(allocated.allocation).toEqual([]);
    expect(JSON.stringify(allocated)).not.toMatch(/binCode|availableBefore|positionId|A-01|"seq"|workspaceId|warehouseId|Test operator/);
    expect(allocated.timeline.map((e) => e.actorLabel)).toEqual(["You", w.workspace.name, w.workspace.name, w.workspace.name].slice(0, allocated.timeline.length));
    expect(JSON.stringify(await getOrderDetail(t.db, w.actors.customerAcme, staffNote.id))).not.toContain("INTERNAL margin waived");

    const staff = await getOrderDetail(t.db, w.actors.operator, order.id);
    expect(staff.allocation[0]).toMatchObject({ binCode: "A-01", availableBefore: 500 });
    expect(JSON.stringify((await getOrderDetail(t.db, w.actors.admin, order.id)).timeline)).not.toMatch(/"seq"/);

    await queueForFulfillment(t.db, w.actors.operator, { orderId: order.id, version: 2 });
    const f = await fulfillmentOf(t.db, order.id);
    await pickAsSuggested(t.db, w, await generatePickList(t.db, w.actors.operator, { fulfillmentIds: [f.id] }));
    const packed = await fulfillmentOf(t.db, order.id);
    await packFulfillment(t.db, w.actors.operator, { fulfillmentId: packed.id, version: packed.version, packages: [BOX] });
    await recordShipment(t.db, w.actors.operator, { fulfillmentId: packed.id, version: packed.version + 1, carrierCode: "FEDEX", serviceCode: "GROUND", trackingNumber: "794600000999" });
    const shipped = await getOrderDetail(t.db, w.actors.customerAcme, order.id);
    expect(shipped.lotsShipped).toEqual([{ sku: "GIFT", lotCode: "G-1", expiresOn: addDays(today(), 400), quantity: 3 }]);
    expect(shipped.fulfillments).toEqual([{ id: f.id, number: f.number, status: "SHIPPED" }]);
  });
});

describe("no expired stock: usability is judged on max(planned ship date, today)", () => {
  let w: TestWorkspace;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    await w.product("MASK");
  });

  it("refuses a new order planned to ship before today, naming the field", async () => {
    await expectRefused(t.db, w.workspace.id, () => w.order([{ sku: "MASK", quantity: 1 }], { plannedShipDate: addDays(today(), -30) }), "BAD_INPUT", new RegExp(`plannedShipDate: must be today \\(${today()}\\) or later`));
    await expectRefused(t.db, w.workspace.id, () => w.order([{ sku: "MASK", quantity: 1 }], { plannedShipDate: "0000-01-01" }), "BAD_INPUT", /plannedShipDate: must be between 2000-01-01 and 2099-12-31/);
  });
});
