import { BadInput } from "./errors";

export const UNITS_OF_MEASURE = ["EACH", "CASE", "PALLET"] as const;
export type UnitOfMeasure = (typeof UNITS_OF_MEASURE)[number];

export interface PackSizes {
  sku: string;
  casePackQty: number | null;
  palletQty: number | null;
}

/** Cases and pallets convert to base units at the edge, with the product's own pack sizes. */
export function toBaseUnits(quantity: number, uom: UnitOfMeasure, product: PackSizes, field: string): number {
  if (uom === "EACH") return quantity;
  const size = uom === "CASE" ? product.casePackQty : product.palletQty;
  if (!size) {
    throw BadInput.field(field, `${product.sku} has no ${uom.toLowerCase()} size; order it in EACH`);
  }
  return quantity * size;
}
