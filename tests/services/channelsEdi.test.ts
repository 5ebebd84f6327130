import { and, asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { channelOutbox, ediDocuments, loopEvents, orderLines } from "../../db/schema";
import { isValidSscc18 } from "../../server/integrations/edi";
import { receiveInterchange } from "../../server/services/channels/edi";
import { runChannelOutbox } from "../../server/services/channels/outbox";
import { channelWork } from "../../server/services/channels/registry";
import { readBack } from "../fixtures/edi/readBack";
import { channelOrders, edi850, ediPartnerWorkspace, intakeRows, orderEvents } from "../support/channels";
import { useTestDatabase } from "../support/database";
import type { TestWorkspace } from "../support/factories";
import { shipOrder } from "../support/flows";
import { apiKey, rest } from "../support/rest";
import { workspaceSnapshot } from "../support/snapshot";

// Its own database on the Postgres server: the outbox turns here take every workspace's due jobs.
const t = useTestDatabase("channels_edi");
const TRACKING = "1Z999AA10123456784";

describe("EDI 850 in", () => {
  let w: TestWorkspace;
  let partnerId: string;
  beforeEach(async () => {
    ({ w, partnerId } = await ediPartnerWorkspace(t.db));
  });

  const acks = () => t.db.select().from(ediDocuments).where(and(eq(ediDocuments.connectionId, partnerId), eq(ediDocuments.type, "997"))).orderBy(asc(ediDocuments.interchangeControl));
  const ackRows = (body: string) => readBack(body).rows.filter((r) => r[0] === "AK2" || r[0] === "AK5" || r[0] === "AK9");

  it("makes the good purchase order an order of the account, rejects the bad one with its reasons, and acknowledges both in a 997", async () => {
    const result = await receiveInterchange(t.db, w.actors.admin, { interchange: edi850() });
    expect(result).toMatchObject({ duplicate: false, status: "PARTIAL" });

    const [order, ...more] = await channelOrders(t.db, partnerId);
    expect(more).toEqual([]);
    expect(order).toMatchObject({ channel: "B2B_EDI", buyerPo: "PO-4471", channelReference: "PO-4471", accountId: w.accounts.acme.id, deliveryWindowStart: "2035-12-10", deliveryWindowEnd: "2035-12-14" });
    // 12 cases of 6, and 40 each; the account's prices, not the PO's.
    const lines = await t.db.select({ quantity: orderLines.quantity, uomQuantity: orderLines.uomQuantity, uom: orderLines.uom, unitPriceMinor: orderLines.unitPriceMinor }).from(orderLines).where(eq(orderLines.orderId, order!.id)).orderBy(asc(orderLines.lineNo));
    expect(lines).toEqual([
      { quantity: 72, uomQuantity: 12, uom: "CASE", unitPriceMinor: 400 },
      { quantity: 40, uomQuantity: 40, uom: "EACH", unitPriceMinor: 300 },
    ]);

    const [row] = await intakeRows(t.db, partnerId);
    expect(row!.status).toBe("PARTIAL");
    expect(row!.outcomes).toEqual([
      expect.objectContaining({ reference: "PO-4471", status: "CREATED", orderId: order!.id }),
      { reference: "set 0002", status: "REJECTED", reasons: ["line 1: unit of measure BX is not one we take (EA each, CA case, PL pallet)", "CTT01 says 3 lines but the PO has 2 PO1 segments"] },
    ]);

    const [ack, ...moreAcks] = await acks();
    expect(moreAcks).toEqual([]);
    expect(result.acknowledgment).toBe(ack!.body);
    const read = readBack(ack!.body);
    expect(read.set.header.elements[0]!.value).toBe("997");
    expect(ackRows(ack!.body)).toEqual([
      ["AK2", "850", "0001"],
      ["AK5", "A"],
      ["AK2", "850", "0002"],
      ["AK5", "R", "5"],
      ["AK9", "P", "2", "2", "1"],
    ]);
    // Addressed back to the partner, from us.
    expect(read.interchange.header.elements.slice(4, 8).map((e) => e.value.trim())).toEqual(["ZZ", "LOOPLINE", "ZZ", "ACMEBUYER"]);
  });

  it("rejects a purchase order whose part nobody knows, and the 997 says R for it", async () => {
    const unknown = edi850({ control: "000000102", onlyFirstSet: true, edit: (x) => x.replace("BP*R5656-2*UP*012345678905*VN*ROSE-50", "BP*R9999-9*UP*099999999993*VN*ROSE-99") });
    const result = await receiveInterchange(t.db, w.actors.admin, { interchange: unknown });
    expect(result.status).toBe("REJECTED");
    expect(result.outcomes).toEqual([{ reference: "PO-4471", status: "REJECTED", reasons: ["line 1: unknown SKU R9999-9 (Rose serum 50 ml)"] }]);
    expect(await channelOrders(t.db, partnerId)).toEqual([]);
    const [ack] = await acks();
    expect(ackRows(ack!.body)).toEqual([
      ["AK2", "850", "0001"],
      ["AK5", "R", "5"],
      ["AK9", "R", "1", "1", "0"],
    ]);
  });

  it("takes the same interchange again as a duplicate and makes nothing new", async () => {
    const first = await receiveInterchange(t.db, w.actors.admin, { interchange: edi850() });
    const before = await workspaceSnapshot(t.db, w.workspace.id);
    const documents = await t.db.select().from(ediDocuments).where(eq(ediDocuments.connectionId, partnerId));
    const again = await receiveInterchange(t.db, w.actors.admin, { interchange: edi850() });
    expect(again).toMatchObject({ messageId: first.messageId, duplicate: true, status: "PARTIAL", acknowledgment: first.acknowledgment });
    expect(await workspaceSnapshot(t.db, w.workspace.id)).toEqual(before);
    expect(await t.db.select().from(ediDocuments).where(eq(ediDocuments.connectionId, partnerId))).toEqual(documents);
    const rows = await intakeRows(t.db, partnerId);
    expect(rows.map((r) => [r.status, r.duplicates])).toEqual([["PARTIAL", 1]]);
  });

  it("takes a raw X12 body over REST from an admin key, refuses an operator key, and names `interchange` for garbage", async () => {
    const admin = await apiKey(t.db, w.actors.admin, { role: "admin" });
    const operator = await apiKey(t.db, w.actors.admin, { role: "operator" });
    const x12 = { "content-type": "application/edi-x12" };

    const refused = await rest(t.db, "POST", "/edi/inbound", { key: operator, rawBody: edi850(), headers: x12 });
    expect(refused.status).toBe(403);
    expect(await intakeRows(t.db, partnerId)).toEqual([]);

    const garbage = await rest(t.db, "POST", "/edi/inbound", { key: admin, rawBody: "this is no interchange", headers: x12 });
    expect(garbage.status).toBe(400);
    expect(JSON.stringify(garbage.body)).toContain("interchange");
    expect(await intakeRows(t.db, partnerId)).toEqual([]);

    const answer = await rest(t.db, "POST", "/edi/inbound", { key: admin, rawBody: edi850(), headers: x12 });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ duplicate: false, status: "PARTIAL", outcomes: [{ reference: "PO-4471", status: "CREATED" }, { reference: "set 0002", status: "REJECTED" }] });
    expect(ackRows(answer.body.acknowledgment as string).map((r) => r.slice(0, 2))).toEqual([["AK2", "850"], ["AK5", "A"], ["AK2", "850"], ["AK5", "R"], ["AK9", "P"]]);
    const [order] = await channelOrders(t.db, partnerId);
    expect(answer.body.outcomes).toEqual([expect.objectContaining({ orderId: order!.id }), expect.anything()]);
  });

  describe("856 and 810 out once the order ships", () => {
    let orderId: string;
    beforeEach(async () => {
      await w.stock("SERUM-50", "SR-1", 100, { expiresOn: "2036-06-01" });
      await w.stock("SOAP-10", "SP-EARLY", 25, { expiresOn: "2036-01-01" });
      await w.stock("SOAP-10", "SP-LATE", 30, { expiresOn: "2036-09-01" });
      await receiveInterchange(t.db, w.actors.admin, { interchange: edi850() });
      orderId = (await channelOrders(t.db, partnerId))[0]!.id;
      await shipOrder(t.db, w, orderId, { carrierCode: "UPS", serviceCode: "GROUND", trackingNumber: TRACKING });
    });

    it("owes the partner an 856 and an 810 that read back, match the order, and take the next control numbers", async () => {
      const owed = await t.db.select({ action: channelOutbox.action }).from(channelOutbox).where(eq(channelOutbox.orderId, orderId));
      expect(owed.map((o) => o.action).sort()).toEqual(["EDI_810", "EDI_856"]);

      await runChannelOutbox(t.db, channelWork());
      const done = await t.db.select().from(channelOutbox).where(eq(channelOutbox.orderId, orderId));
      expect(done.map((j) => [j.lastError, j.doneAt !== null])).toEqual([
        [null, true],
        [null, true],
      ]);
      const documents = await t.db.select().from(ediDocuments).where(eq(ediDocuments.connectionId, partnerId)).orderBy(asc(ediDocuments.createdAt));
      const byType = Object.fromEntries(documents.map((d) => [d.type, d]));
      expect(Object.keys(byType).sort()).toEqual(["810", "856", "997"]);

      const asn = readBack(byType["856"]!.body);
      expect(asn.set.header.elements[0]!.value).toBe("856");
      expect(asn.all("PRF").map((p) => p[0])).toEqual(["PO-4471"]);
      expect(asn.all("REF")).toContainEqual(["CN", TRACKING]);
      const ssccs = asn.all("MAN").map((m) => m[1]!);
      expect(ssccs).toHaveLength(1);
      expect(ssccs[0]).toMatch(/^00614141/);
      expect(isValidSscc18(ssccs[0]!)).toBe(true);
      // What shipped, lot by lot: 72 serum (12 cases) from one lot, the soap first-expiring first.
      const lots = asn.rows.filter((r) => r[0] === "LIN" || r[0] === "SN1").map((r) => (r[0] === "SN1" ? ["SN1", r[2], r[3]] : ["LIN", r.find((v) => /^(SR|SP)-/.test(v!))]));
      expect(lots).toEqual([
        ["LIN", "SR-1"],
        ["SN1", "72", "EA"],
        ["LIN", "SP-EARLY"],
        ["SN1", "25", "EA"],
        ["LIN", "SP-LATE"],
        ["SN1", "15", "EA"],
      ]);

      const invoice = readBack(byType["810"]!.body);
      expect(invoice.set.header.elements[0]!.value).toBe("810");
      expect(invoice.rows[0]![0]).toBe("BIG");
      expect(invoice.rows[0]![4]).toBe("PO-4471");
      const [issued] = await orderEvents(t.db, orderId, "finance.invoice.issued");
      const bill = issued!.payload as { invoiceNumber: string; lines: { quantity: number; unitPriceMinor: number }[] };
      expect(invoice.rows[0]![2]).toBe(bill.invoiceNumber);
      expect(invoice.all("IT1").map((l) => [l[1], l[2], l[3]])).toEqual([
        ["72", "EA", "4.00"],
        ["40", "EA", "3.00"],
      ]);
      const amount = bill.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
      expect(amount).toBe(72 * 400 + 40 * 300);
      expect(invoice.all("TDS")).toEqual([[String(amount)]]);

      // One partner, one sequence: the 997 first, then the two documents, each with its own number, as its ISA13 says.
      for (const d of documents) expect(Number(readBack(d.body).interchange.header.elements[12]!.value)).toBe(d.interchangeControl);
      const controls = documents.map((d) => d.interchangeControl);
      expect(controls[0]).toBe(byType["997"]!.interchangeControl);
      const sorted = [...controls].sort((a, b) => a - b);
      expect(sorted).toEqual([sorted[0], sorted[0]! + 1, sorted[0]! + 2]);
      expect(byType["997"]!.interchangeControl).toBe(sorted[0]);

      for (const type of ["edi.856.generated", "edi.810.generated"]) {
        const events = await t.db.select().from(loopEvents).where(and(eq(loopEvents.subjectId, orderId), eq(loopEvents.type, type)));
        expect(events.map((e) => e.payload.documentId)).toEqual([byType[type.slice(4, 7)]!.id]);
      }
    });
  });
});
