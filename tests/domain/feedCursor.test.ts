import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BadInput } from "../../server/domain/errors";
import { decodeFeedCursor, encodeFeedCursor } from "../../server/services/events/feedCursor";

const WS = "6f1c2f0e-6a51-4c57-9d3f-6f2d2f5e0a11";
const OTHER_WS = "0b7a1d7e-1c0f-4a8e-bf43-2a7f0f6a9c22";
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const position = fc.record({ transactionId: u64, seq: u64 });

/** Decoding anything must end in a position or a BAD_INPUT naming `after`, never another error. */
function decodeOrRefusal(workspaceId: string, cursor: string) {
  try {
    return decodeFeedCursor(workspaceId, cursor);
  } catch (e) {
    expect(e).toBeInstanceOf(BadInput);
    expect((e as BadInput).issues).toEqual([{ field: "after", message: expect.any(String) }]);
    return "refused" as const;
  }
}

describe("loop event feed cursor", () => {
  it("round-trips every position, and never gives the same cursor twice for it", () => {
    fc.assert(
      fc.property(position, (p) => {
        const cursor = encodeFeedCursor(WS, p);
        expect(decodeFeedCursor(WS, cursor)).toEqual(p);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]{60}$/);
        // Two cursors for one position differ (random IV): equal positions are not even linkable.
        expect(encodeFeedCursor(WS, p)).not.toBe(cursor);
      }),
    );
  });

  it("refuses a cursor of another workspace as BAD_INPUT", () => {
    fc.assert(
      fc.property(position, (p) => {
        expect(decodeOrRefusal(OTHER_WS, encodeFeedCursor(WS, p))).toBe("refused");
      }),
    );
  });

  it("never throws anything but BAD_INPUT for garbage: any string, base64 noise, or a real cursor with one character changed", () => {
    const tampered = fc.tuple(position, fc.nat(), fc.constantFrom(..."ABCxyz019-_")).map(([p, at, ch]) => {
      const c = encodeFeedCursor(WS, p);
      const i = at % c.length;
      return c[i] === ch ? c.slice(0, i) + (ch === "A" ? "B" : "A") + c.slice(i + 1) : c.slice(0, i) + ch + c.slice(i + 1);
    });
    const noise = fc.uint8Array({ minLength: 0, maxLength: 80 }).map((b) => Buffer.from(b).toString("base64url"));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 100 }), noise, tampered), (garbage) => {
        const result = decodeOrRefusal(WS, garbage);
        // A 44-byte random string that opens under AES-GCM would be a forgery: 2^-128.
        expect(result).toBe("refused");
      }),
      { numRuns: 2000 },
    );
  }, 30_000);
});
