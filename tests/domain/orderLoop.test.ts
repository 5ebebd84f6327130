import { describe, expect, it } from "vitest";
import { InvalidTransition } from "../../server/domain/errors";
import { isBeforeShipment, ORDER_STATES, ORDER_TRANSITIONS } from "../../server/domain/orderLoop";
import { assertTransition, canTransition } from "../../server/domain/stateMachine";

describe("order loop", () => {
  it("follows the happy path RECEIVED → … → CLOSED", () => {
    const path = ["RECEIVED", "ALLOCATED", "FULFILLMENT_QUEUED", "SHIPPED", "DELIVERED", "CLOSED"] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(ORDER_TRANSITIONS, path[i - 1]!, path[i]!)).toBe(true);
  });

  it("allows cancelling exactly the states before shipment", () => {
    for (const s of ORDER_STATES) {
      expect(canTransition(ORDER_TRANSITIONS, s, "CANCELLED"), s).toBe(isBeforeShipment(s));
    }
  });

  it("refuses skipping a step, naming the current state and the allowed ones", () => {
    expect(() => assertTransition(ORDER_TRANSITIONS, "Order X", "RECEIVED", "SHIPPED")).toThrowError(
      /Order X is RECEIVED; it cannot move to SHIPPED\. Allowed from RECEIVED: ALLOCATED, CANCELLED/,
    );
    try {
      assertTransition(ORDER_TRANSITIONS, "Order X", "CLOSED", "RECEIVED");
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidTransition);
      expect((e as InvalidTransition).details).toEqual({ from: "CLOSED", to: "RECEIVED", allowed: [] });
    }
  });

  it("has final states with no way out and every target a known state", () => {
    expect(ORDER_TRANSITIONS.CLOSED).toEqual([]);
    expect(ORDER_TRANSITIONS.CANCELLED).toEqual([]);
    for (const targets of Object.values(ORDER_TRANSITIONS)) for (const t of targets) expect(ORDER_STATES).toContain(t);
  });
});
