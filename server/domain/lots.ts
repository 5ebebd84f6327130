import { addDays, type IsoDate } from "./dates";

export const QC_STATUSES = ["RELEASED", "HOLD", "QUARANTINE", "RECALLED"] as const;
export type QcStatus = (typeof QC_STATUSES)[number];

export interface LotFacts {
  id: string;
  code: string;
  expiresOn: IsoDate | null;
  receivedOn: IsoDate;
  qcStatus: QcStatus;
}

export type Usability = { usable: true } | { usable: false; reason: string };

/**
 * The one lot rule: a lot is usable only if its QC status is released and it expires strictly
 * after the planned ship date plus the product's minimum remaining shelf life.
 */
export function lotUsability(lot: LotFacts, plannedShipDate: IsoDate, minShelfLifeDays: number): Usability {
  if (lot.qcStatus !== "RELEASED") {
    return { usable: false, reason: `QC status is ${lot.qcStatus}` };
  }
  if (lot.expiresOn !== null) {
    const mustOutlive = addDays(plannedShipDate, minShelfLifeDays);
    if (lot.expiresOn <= mustOutlive) {
      return {
        usable: false,
        reason: `expires ${lot.expiresOn}, must expire after ${mustOutlive} (ship ${plannedShipDate} + ${minShelfLifeDays} days minimum shelf life)`,
      };
    }
  }
  return { usable: true };
}

/**
 * The date a lot must still be good on: the planned ship date, or today once that plan lies in
 * the past. An order planned for last week ships today at the earliest, so stock that expired
 * in between is not usable for it.
 */
export function usabilityDate(plannedShipDate: IsoDate, today: IsoDate): IsoDate {
  return plannedShipDate > today ? plannedShipDate : today;
}

/** FEFO: earliest expiry first, lots without expiry after those with one; then received date, then id. */
export function compareFefo(a: LotFacts, b: LotFacts): number {
  if (a.expiresOn !== b.expiresOn) {
    if (a.expiresOn === null) return 1;
    if (b.expiresOn === null) return -1;
    return a.expiresOn < b.expiresOn ? -1 : 1;
  }
  if (a.receivedOn !== b.receivedOn) return a.receivedOn < b.receivedOn ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface LotShipped {
  sku: string;
  lotCode: string;
  expiresOn: string | null;
  quantity: number;
}

/** Traceability: units per SKU and lot, however many picks or reservations they came from. */
export function lotsShipped(rows: LotShipped[]): LotShipped[] {
  const perLot = new Map<string, LotShipped>();
  for (const r of rows) {
    const key = `${r.sku}\u0000${r.lotCode}`;
    perLot.set(key, { ...r, quantity: (perLot.get(key)?.quantity ?? 0) + r.quantity });
  }
  return [...perLot.values()];
}
