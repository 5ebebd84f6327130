// Calendar dates travel as ISO strings (YYYY-MM-DD): they compare correctly as strings and
// carry no time zone to get wrong.

export type IsoDate = string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isoDateOf(instant: Date, timeZone = "UTC"): IsoDate {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

/** The wall-clock time of `instant` in `timeZone`, as a datetime-local input shows it: `2026-11-23T08:00`. */
export function wallTimeOf(instant: Date, timeZone = "UTC"): string {
  const at = wallClock(instant.getTime(), timeZone);
  return new Date(at).toISOString().slice(0, 16);
}

/**
 * The instant a wall-clock time (`2026-11-23T08:00`, from a datetime-local input) names in
 * `timeZone`; an invalid date when it is not one. A time the clocks skip or repeat at a
 * daylight-saving change resolves to the earlier instant.
 */
export function instantOfWallTime(local: string, timeZone = "UTC"): Date {
  if (!/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(local) || !isIsoDate(local.slice(0, 10))) return new Date(Number.NaN);
  const asUtc = new Date(`${local}Z`).getTime();
  // The zone's offset near the answer, then at the answer itself (it may differ across a change).
  const offsetAt = (t: number) => wallClock(t, timeZone) - t;
  const guess = asUtc - offsetAt(asUtc);
  return new Date(asUtc - offsetAt(guess));
}

/** The wall-clock reading of `time` in `timeZone`, as milliseconds of a UTC date with the same fields. */
function wallClock(time: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(time);
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(field("year"), field("month") - 1, field("day"), field("hour"), field("minute"), field("second"));
}
