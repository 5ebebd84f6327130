import { describe, expect, it } from "vitest";
import { endpointIsDead, endpointUrlProblem, MAX_ATTEMPTS, nextAttemptAt, RETRY_DELAYS_MS } from "../../server/domain/webhooks";

describe("webhook rules", () => {
  it("retries on the schedule, jitter only adding up to a tenth, and gives up after the last", () => {
    const failedAt = new Date("2026-11-23T10:00:00Z");
    RETRY_DELAYS_MS.forEach((delay, i) => {
      expect(nextAttemptAt(i + 1, failedAt, 0)!.getTime() - failedAt.getTime()).toBe(delay);
      expect(nextAttemptAt(i + 1, failedAt, 0.9999)!.getTime() - failedAt.getTime()).toBe(delay + Math.floor(delay * 0.1 * 0.9999));
    });
    expect(MAX_ATTEMPTS).toBe(8);
    expect(nextAttemptAt(MAX_ATTEMPTS, failedAt, 0)).toBeNull();
  });

  it("an endpoint is dead after five days of nothing but failures", () => {
    const since = new Date("2026-11-01T00:00:00Z");
    expect(endpointIsDead(null, new Date("2027-01-01T00:00:00Z"))).toBe(false);
    expect(endpointIsDead(since, new Date("2026-11-05T23:59:59Z"))).toBe(false);
    expect(endpointIsDead(since, new Date("2026-11-06T00:00:00Z"))).toBe(true);
  });

  it("subscribes https anywhere; http only to this machine and only where private addresses are allowed", () => {
    expect(endpointUrlProblem("https://erp.example.com/hooks", false)).toBeNull();
    expect(endpointUrlProblem("http://erp.example.com/hooks", false)).toBe("must use https");
    expect(endpointUrlProblem("http://127.0.0.1:4000/hooks", false)).toBe("must use https");
    expect(endpointUrlProblem("http://127.0.0.1:4000/hooks", true)).toBeNull();
    expect(endpointUrlProblem("http://localhost/hooks", true)).toBeNull();
    expect(endpointUrlProblem("http://erp.example.com/hooks", true)).toBe("must use https (http only to localhost)");
    expect(endpointUrlProblem("javascript:alert(1)", true)).toMatch(/^must use https/);
    expect(endpointUrlProblem("not a url", false)).toMatch(/^must be a URL/);
    expect(endpointUrlProblem("https://user:secret@erp.example.com/", false)).toBe("must not carry a user name or password");
  });
});
