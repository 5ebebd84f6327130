import { describe, expect, it } from "vitest";
import { instantOfWallTime, wallTimeOf } from "../../server/domain/dates";

describe("wall-clock times in the workspace's time zone", () => {
  it("reads a datetime-local value as that zone's time, in winter and in summer", () => {
    expect(instantOfWallTime("2026-01-15T08:00", "America/New_York").toISOString()).toBe("2026-01-15T13:00:00.000Z");
    expect(instantOfWallTime("2026-07-15T08:00", "America/New_York").toISOString()).toBe("2026-07-15T12:00:00.000Z");
    expect(instantOfWallTime("2026-07-15T08:00", "Europe/Berlin").toISOString()).toBe("2026-07-15T06:00:00.000Z");
    expect(instantOfWallTime("2026-07-15T08:00:30", "UTC").toISOString()).toBe("2026-07-15T08:00:30.000Z");
  });

  it("shows an instant as that zone's wall time, and reads it back to the same minute", () => {
    const at = new Date("2026-11-23T14:05:00Z");
    expect(wallTimeOf(at, "America/New_York")).toBe("2026-11-23T09:05");
    expect(instantOfWallTime(wallTimeOf(at, "Asia/Kolkata"), "Asia/Kolkata")).toEqual(at);
  });

  it("resolves a skipped or repeated hour to the earlier instant", () => {
    // 01:30 on 1 November 2026 happens twice in New York: first in EDT.
    expect(instantOfWallTime("2026-11-01T01:30", "America/New_York").toISOString()).toBe("2026-11-01T05:30:00.000Z");
    // 02:30 on 8 March 2026 never happens there: an hour earlier in wall time, before the jump.
    expect(instantOfWallTime("2026-03-08T02:30", "America/New_York").toISOString()).toBe("2026-03-08T06:30:00.000Z");
  });

  it("is an invalid date for anything that is not a wall time", () => {
    for (const value of ["", "yesterday", "2026-02-30T08:00", "2026-11-23T24:00", "2026-11-23"]) expect(Number.isNaN(instantOfWallTime(value, "UTC").getTime()), value).toBe(true);
  });
});
