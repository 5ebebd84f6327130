import type { ReactNode } from "react";

export const input = "mt-1 w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm";
export const primaryButton = "rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50";

/** A labelled input with the server's message for that field under it. */
export function Field({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <label className="block text-sm font-medium text-slate-700">
      {label}
      {children}
      {error && <span className="mt-1 block text-xs font-normal text-red-700">{error}</span>}
    </label>
  );
}

/** The field-level issues of a refused command (`lines[1].sku` → message), from a tRPC error. */
export function fieldIssues(error: { data?: unknown }): Record<string, string> {
  const list = (error.data as { details?: { issues?: { field: string; message: string }[] } } | undefined)?.details?.issues ?? [];
  return Object.fromEntries(list.map((i) => [i.field, i.message]));
}
