"use client";
import { useState } from "react";
import { input, primaryButton } from "../forms";

export interface PackageValues { weightGrams: number; lengthMm: number; widthMm: number; heightMm: number }

const DIMENSIONS = [
  ["weightGrams", "Weight (g)"],
  ["lengthMm", "Length (mm)"],
  ["widthMm", "Width (mm)"],
  ["heightMm", "Height (mm)"],
] as const;

/** The packages a fulfillment leaves in: one row each, weight and dimensions. The rate is priced from them. */
export function PackForm({ pending, onPack }: { pending: boolean; onPack: (packages: PackageValues[]) => void }) {
  const [count, setCount] = useState(1);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const value = (i: number, key: string) => Number(String(form.get(`${key}-${i}`) ?? "").trim());
        onPack(Array.from({ length: count }, (_, i) => ({ weightGrams: value(i, "weightGrams"), lengthMm: value(i, "lengthMm"), widthMm: value(i, "widthMm"), heightMm: value(i, "heightMm") })));
      }}
      className="space-y-2"
    >
      {Array.from({ length: count }, (_, i) => (
        <fieldset key={i} className="grid grid-cols-2 gap-2 md:grid-cols-4" data-testid="package-row">
          {DIMENSIONS.map(([key, label]) => (
            <label key={key} className="text-sm">
              {i === 0 ? label : `${label}, package ${i + 1}`}
              <input name={`${key}-${i}`} inputMode="numeric" className={input} />
            </label>
          ))}
        </fieldset>
      ))}
      <div className="flex gap-2">
        <button type="button" onClick={() => setCount((n) => n + 1)} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50">Add package</button>
        {count > 1 && <button type="button" onClick={() => setCount((n) => n - 1)} className="rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-100">Remove last</button>}
        <button disabled={pending} className={primaryButton}>{count === 1 ? "Record package" : `Record ${count} packages`}</button>
      </div>
    </form>
  );
}
