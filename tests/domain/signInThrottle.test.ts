import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FREE_FAILURES_PER_PAIR, LONGEST_WAIT_SECONDS, pairWaitSeconds, waitMessage } from "../../server/domain/signInThrottle";

describe("sign-in backoff", () => {
  it("is free for the first failures, then grows and never shrinks, up to the cap", () => {
    expect(pairWaitSeconds(FREE_FAILURES_PER_PAIR - 1)).toBe(0);
    expect(pairWaitSeconds(FREE_FAILURES_PER_PAIR)).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (n) => {
        expect(pairWaitSeconds(n + 1)).toBeGreaterThanOrEqual(pairWaitSeconds(n));
        expect(pairWaitSeconds(n)).toBeLessThanOrEqual(LONGEST_WAIT_SECONDS);
      }),
    );
  });

  it("says the wait in seconds or whole minutes, rounded up", () => {
    expect(waitMessage(29.2)).toBe("Too many failed sign-ins. Try again in 30 seconds.");
    expect(waitMessage(60)).toBe("Too many failed sign-ins. Try again in 1 minute.");
    expect(waitMessage(61)).toBe("Too many failed sign-ins. Try again in 2 minutes.");
  });
});
