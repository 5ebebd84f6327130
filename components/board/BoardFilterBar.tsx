"use client";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { CHANNEL_LABELS, CHANNELS } from "@/server/domain/commercial";
import type { BoardFilters } from "@/server/services/orders/board";

const select = "rounded-md border border-slate-300 bg-white px-2 py-1.5";
const FILTERS = ["channel", "customer", "warehouse", "search"] as const satisfies readonly (keyof BoardFilters)[];

/**
 * Channel, customer, warehouse and text search: written to the URL, so a filtered board can be
 * shared. The form is what the operator sees and set, so every change sends the whole form: a
 * channel picked a moment before a search is not lost while its navigation is still under way.
 */
export function BoardFilterBar({ filters, customers, warehouses }: { filters: BoardFilters; customers: { code: string; name: string }[]; warehouses: { code: string; name: string }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const form = useRef<HTMLFormElement>(null);
  const apply = () => {
    const data = new FormData(form.current!);
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const value = String(data.get(name) ?? "").trim();
      if (value) params.set(name, value);
    }
    router.replace(params.size ? `${pathname}?${params}` : pathname);
  };

  // When the URL changes from elsewhere (back, a link), show its filters; a field the URL did
  // not change keeps what the operator may be typing in it.
  const shown = useRef(filters);
  useEffect(() => {
    for (const name of FILTERS) {
      if (filters[name] === shown.current[name]) continue;
      const field = form.current?.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
      if (field) field.value = filters[name] ?? "";
    }
    shown.current = filters;
  }, [filters]);

  return (
    <form
      ref={form}
      role="search"
      className="flex flex-wrap gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <input name="search" defaultValue={filters.search ?? ""} placeholder="Order, customer or PO" aria-label="Search" className="w-52 rounded-md border border-slate-300 px-3 py-1.5" />
      <select name="channel" aria-label="Channel" defaultValue={filters.channel ?? ""} onChange={apply} className={select}>
        <option value="">All channels</option>
        {CHANNELS.map((c) => <option key={c} value={c}>{CHANNEL_LABELS[c]}</option>)}
      </select>
      <select name="customer" aria-label="Customer" defaultValue={filters.customer ?? ""} onChange={apply} className={select}>
        <option value="">All customers</option>
        {customers.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
      </select>
      <select name="warehouse" aria-label="Warehouse" defaultValue={filters.warehouse ?? ""} onChange={apply} className={select}>
        <option value="">All warehouses</option>
        {warehouses.map((w) => <option key={w.code} value={w.code}>{w.code} · {w.name}</option>)}
      </select>
      <button className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">Search</button>
    </form>
  );
}
