import Link from "next/link";
import { CarrierForm } from "@/components/admin/CarrierForm";
import { adminCaller } from "../adminCaller";

export default async function CarriersPage() {
  const { caller } = await adminCaller();
  const carriers = await caller.admin.carriers();
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Carriers</h1>
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
        {carriers.map((c) => (
          <li key={c.id} className="flex items-center justify-between px-4 py-2" data-testid="carrier-row">
            <Link href={`/admin/carriers/${c.id}`} className="font-medium text-indigo-700 hover:underline">{c.name}</Link>
            <span className="text-slate-500">{c.code} · {c.services} service{c.services === 1 ? "" : "s"}</span>
          </li>
        ))}
        {carriers.length === 0 && <li className="px-4 py-6 text-center text-slate-500">No carriers yet.</li>}
      </ul>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 font-semibold">New carrier</h2>
        <CarrierForm />
      </section>
    </div>
  );
}
