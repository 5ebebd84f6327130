import { BinsEditor } from "@/components/admin/BinsEditor";
import { WarehouseForm } from "@/components/admin/WarehouseForm";
import { adminCaller } from "../adminCaller";

export default async function WarehousesPage() {
  const { caller } = await adminCaller();
  const warehouses = await caller.admin.warehouses();
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Warehouses and bins</h1>
      {warehouses.map((w) => (
        <section key={w.id} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="font-semibold">{w.code} · <span className="font-normal text-slate-600">{w.name}</span></h2>
          <p className="text-xs text-slate-500">Pick lists walk the bins by pick sequence. A bin holding stock cannot be deleted.</p>
          <BinsEditor warehouseCode={w.code} bins={w.bins} />
        </section>
      ))}
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <WarehouseForm />
      </section>
    </div>
  );
}
