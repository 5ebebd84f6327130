"use client";
import { usePathname, useRouter } from "next/navigation";
import { CHANNEL_LABELS, CHANNELS } from "@/server/domain/commercial";
import type { BoardFilters } from "@/server/services/orders/board";

const select = "rounded-md border border-slate-300 bg-white px-2 py-1.5";

/** Channel, customer, warehouse and text search: written to the URL, so a filtered board can be shared. */
export function BoardFilterBar({ filters, customers, warehouses }: { filters: BoardFilters; customers: { code: string; name: string }[]; warehouses: { code: string; name: string }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const apply = (next: BoardFilters) => {
    const params = new URLSearchParams(Object.entries(next).filter((e): e is [string, string] => Boolean(e[1])));
    router.replace(params.size ? `${pathname}?${params}` : pathname);
  };
  return (
    <form
      role="search"
      className="flex flex-wrap gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        apply({ ...filters, search: String(new FormData(e.currentTarget).get("search") ?? "").trim() || undefined });
      }}
    >
      <input name="search" defaultValue={filters.search ?? ""} placeholder="Order, customer or PO" aria-label="Search" className="w-52 rounded-md border border-slate-300 px-3 py-1.5" />
      <select aria-label="Channel" value={filters.channel ?? ""} onChange={(e) => apply({ ...filters, channel: (e.target.value || undefined) as BoardFilters["channel"] })} className={select}>
        <option value="">All channels</option>
        {CHANNELS.map((c) => <option key={c} value={c}>{CHANNEL_LABELS[c]}</option>)}
      </select>
      <select aria-label="Customer" value={filters.customer ?? ""} onChange={(e) => apply({ ...filters, customer: e.target.value || undefined })} className={select}>
        <option value="">All customers</option>
        {customers.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
      </select>
      <select aria-label="Warehouse" value={filters.warehouse ?? ""} onChange={(e) => apply({ ...filters, warehouse: e.target.value || undefined })} className={select}>
        <option value="">All warehouses</option>
        {warehouses.map((w) => <option key={w.code} value={w.code}>{w.code} · {w.name}</option>)}
      </select>
      <button className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">Search</button>
    </form>
  );
}
