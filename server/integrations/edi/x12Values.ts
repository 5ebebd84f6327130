// How X12 writes the values Loopline keeps: dates (CCYYMMDD), times (HHMM), money (decimal
// dollars vs integer cents) and units of measure (EA/CA/PL). Parsing and building share these
// so an 850 read in and an 856 or 810 written out agree on every code.

import type { UnitOfMeasure } from "../../domain/units";

const UNIT_BY_X12: Record<string, UnitOfMeasure> = { EA: "EACH", CA: "CASE", PL: "PALLET" };
const X12_BY_UNIT: Record<UnitOfMeasure, string> = { EACH: "EA", CASE: "CA", PALLET: "PL" };

/** PO1-03 / SN1-03 / IT1-03 code to our unit; undefined for a code we do not stock in. */
export function unitFromX12(code: string): UnitOfMeasure | undefined {
  return UNIT_BY_X12[code];
}

export function unitToX12(unit: UnitOfMeasure): string {
  return X12_BY_UNIT[unit];
}

/** CCYYMMDD to yyyy-mm-dd, or undefined when it is not a real calendar date (20260230). */
export function isoFromX12Date(value: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const iso = `${y}-${mo}-${d}`;
  return date.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** yyyy-mm-dd to CCYYMMDD (or YYMMDD for ISA09). */
export function x12Date(iso: string, digits: 6 | 8 = 8): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || !isoFromX12Date(iso.replaceAll("-", ""))) {
    throw new RangeError(`"${iso}" is not a date in yyyy-mm-dd form`);
  }
  return iso.replaceAll("-", "").slice(8 - digits);
}

/** HH:MM (or HHMM) to HHMM. */
export function x12Time(time: string): string {
  const m = /^([01]\d|2[0-3]):?([0-5]\d)$/.exec(time);
  if (!m) throw new RangeError(`"${time}" is not a time in HH:MM form`);
  return `${m[1]}${m[2]}`;
}

/**
 * Decimal dollars ("12.5", "12.50", "12.5000") to integer cents, without floating point.
 * Digits past the cent must be zero: we never round a partner's price silently, because the
 * intake compares it with the price list and a rounded price would hide a real difference.
 * Returns a reason instead of a number when the value cannot be taken as it is.
 */
export function centsFromDecimal(value: string): { cents: number } | { reason: string } {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(value);
  if (!m || value === "" || value === ".") return { reason: `"${value}" is not a decimal amount` };
  const whole = m[1] ?? "";
  const fraction = m[2] ?? "";
  if (/[1-9]/.test(fraction.slice(2))) {
    return { reason: `${value} has fractions of a cent; prices are taken in whole cents` };
  }
  const cents = Number(whole || "0") * 100 + Number(fraction.slice(0, 2).padEnd(2, "0"));
  if (!Number.isSafeInteger(cents)) return { reason: `${value} is too large` };
  return { cents };
}

/** Integer cents to X12 decimal dollars ("1234" → "12.34"). */
export function decimalFromCents(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`${cents} is not a whole, non-negative number of cents`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}
