import { describe, expect, it } from "vitest";
import { BOARD_COLUMN_STATES, BOARD_COLUMNS, boardColumnOf, boardMove, type BoardCardState } from "../../server/domain/board";
import { FULFILLMENT_STATES } from "../../server/domain/fulfillmentLoop";
import { ORDER_STATES, ORDER_TRANSITIONS } from "../../server/domain/orderLoop";

const card = (status: BoardCardState["status"], fulfillment: BoardCardState["fulfillment"] = null): BoardCardState => ({ status, fulfillment });

describe("board", () => {
  it("puts every order state in one column, except cancelled", () => {
    for (const s of ORDER_STATES) {
      const columns = BOARD_COLUMNS.filter((c) => BOARD_COLUMN_STATES[c].includes(s));
      expect(columns.length, s).toBe(s === "CANCELLED" ? 0 : 1);
    }
  });

  it("allows only drops whose target column the order loop can reach from the card's state", () => {
    const fulfillmentCases = [null, ...FULFILLMENT_STATES.map((status) => ({ number: "F1", status }))];
    for (const status of ORDER_STATES) {
      for (const fulfillment of fulfillmentCases) {
        for (const to of BOARD_COLUMNS) {
          const move = boardMove(card(status, fulfillment), to);
          if (!move.allowed) {
            expect(move.reason.length, `${status} -> ${to}`).toBeGreaterThan(10);
            continue;
          }
          // Delivery may leave a partly shipped order where it is; every other move lands in `to`.
          const reachable = BOARD_COLUMN_STATES[to].some((s) => ORDER_TRANSITIONS[status].includes(s));
          expect(reachable || move.command === "confirmDelivery", `${status} -> ${to}`).toBe(true);
        }
      }
    }
  });

  it("runs the matching command for each forward move", () => {
    expect(boardMove(card("RECEIVED"), "allocated")).toEqual({ allowed: true, command: "allocate" });
    expect(boardMove(card("ALLOCATED"), "fulfillment")).toEqual({ allowed: true, command: "releaseToPicking" });
    expect(boardMove(card("ALLOCATED"), "inbox")).toEqual({ allowed: true, command: "releaseAllocation" });
    expect(boardMove(card("FULFILLMENT_QUEUED", { number: "F1", status: "PACKED" }), "shipped")).toEqual({ allowed: true, command: "ship" });
    expect(boardMove(card("SHIPPED", { number: "F1", status: "SHIPPED" }), "done")).toEqual({ allowed: true, command: "confirmDelivery" });
  });

  it("explains a refusal in the loop's words", () => {
    expect(boardMove(card("RECEIVED"), "shipped")).toMatchObject({ allowed: false, reason: "Only an order in fulfillment, packed, can ship." });
    expect(boardMove(card("RECEIVED"), "fulfillment")).toMatchObject({ allowed: false, reason: "Allocate stock before it goes to fulfillment." });
    expect(boardMove(card("FULFILLMENT_QUEUED", { number: "LMB-ORD-2026-0001-F1", status: "PICKING" }), "shipped")).toMatchObject({
      allowed: false,
      reason: "Only a packed fulfillment ships: LMB-ORD-2026-0001-F1 is being picked.",
    });
    expect(boardMove(card("SHIPPED", { number: "F1", status: "SHIPPED" }), "allocated")).toMatchObject({ allowed: false, reason: "Shipped orders cannot move back: that is a return." });
    expect(boardMove(card("ALLOCATED"), "allocated")).toMatchObject({ allowed: false });
    expect(boardColumnOf("PARTIALLY_SHIPPED")).toBe("shipped");
  });
});
