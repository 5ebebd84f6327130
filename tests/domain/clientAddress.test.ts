import { describe, expect, it } from "vitest";
import { clientAddress } from "../../server/auth/clientAddress";

describe("client address from X-Forwarded-For", () => {
  it("takes the socket's address (appended last by our server) when no proxy is trusted, whatever the client wrote", () => {
    expect(clientAddress("203.0.113.9, 198.51.100.4", 0)).toBe("198.51.100.4");
    expect(clientAddress("198.51.100.4", 0)).toBe("198.51.100.4");
  });

  it("takes the entry a trusted proxy wrote, that many hops from the right", () => {
    // client forged "1.1.1.1"; the load balancer appended the real client; our server the balancer
    expect(clientAddress("1.1.1.1, 198.51.100.4, 10.0.0.2", 1)).toBe("198.51.100.4");
    expect(clientAddress("198.51.100.4, 10.0.0.3, 10.0.0.2", 2)).toBe("198.51.100.4");
  });

  it("is 'unknown' rather than the client's word when there are fewer entries than trusted hops", () => {
    expect(clientAddress("10.0.0.2", 1)).toBe("unknown");
    expect(clientAddress(null, 0)).toBe("unknown");
  });
});
