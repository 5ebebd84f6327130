import { beforeEach, describe, expect, it } from "vitest";
import { addDays, isoDateOf } from "../../server/domain/dates";
import { orderDocuments } from "../../server/services/orders/documents";
import { useTestDatabase } from "../support/database";
import { makeWorkspace, type TestWorkspace } from "../support/factories";
import { queuedOrder, shippedOrder } from "../support/flows";

const t = useTestDatabase();

describe("order documents", () => {
  let w: TestWorkspace;
  beforeEach(async () => {
    w = await makeWorkspace(t.db);
    await w.product("SERUM", { unitPriceMinor: 1250 });
    await w.stock("SERUM", "S-1", 10, { expiresOn: "2028-01-01" });
  });

  it("gives a packed consumer order a packing slip with its lots, and no invoice", async () => {
    const { order } = await shippedOrder(t.db, w, [{ sku: "SERUM", quantity: 4 }], { carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: "1Z0000000000000042" });
    const docs = await orderDocuments(t.db, w.actors.operator, order.id);
    expect(docs.packingSlips).toHaveLength(1);
    expect(docs.packingSlips[0]).toMatchObject({ packages: 1, shipment: { trackingNumber: "1Z0000000000000042" }, lines: [{ sku: "SERUM", quantity: 4, lots: [{ lotCode: "S-1", expiresOn: "2028-01-01" }] }] });
    expect(docs.invoices).toEqual([]); // consumer orders are paid at the channel
  });

  it("invoices a B2B shipment on the account's terms, for that account's buyers and staff only", async () => {
    const { order } = await shippedOrder(t.db, w, [{ sku: "SERUM", quantity: 3 }], { carrierCode: "FEDEX", serviceCode: "GROUND", trackingNumber: "794600000043" }, { accountCode: "ACME", buyerPo: "PO-DOCS-2" });
    const docs = await orderDocuments(t.db, w.actors.customerAcme, order.id);
    const today = isoDateOf(new Date(), "UTC");
    expect(docs.order).toMatchObject({ buyerPo: "PO-DOCS-2", paymentTerms: "NET_30", accountName: "Acme Builders" });
    expect(docs.invoices).toEqual([
      { number: `INV-${order.number}-1`, issuedOn: today, dueOn: addDays(today, 30), trackingNumber: "794600000043", amountMinor: 3750, currency: "USD", lines: [{ sku: "SERUM", name: "Product SERUM", quantity: 3, unitPriceMinor: 1250, amountMinor: 3750 }] },
    ]);
    await expect(orderDocuments(t.db, w.actors.customerOther, order.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(orderDocuments(t.db, (await makeWorkspace(t.db)).actors.admin, order.id)).rejects.toMatchObject({ code: "NOT_FOUND" });

    const picking = await queuedOrder(t.db, w, [{ sku: "SERUM", quantity: 1 }], { accountCode: "ACME", buyerPo: "PO-DOCS-3" });
    expect(await orderDocuments(t.db, w.actors.customerAcme, picking.order.id)).toMatchObject({ packingSlips: [], invoices: [] }); // nothing packed yet
  });
});
