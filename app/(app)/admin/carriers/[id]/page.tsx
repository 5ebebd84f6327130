import Link from "next/link";
import { notFound } from "next/navigation";
import { CarrierForm } from "@/components/admin/CarrierForm";
import { CarrierTables } from "@/components/admin/CarrierTables";
import { RotateSecret } from "@/components/admin/RotateSecret";
import { domainCodeOf } from "@/server/api/serverCaller";
import { adminCaller } from "../../adminCaller";

export default async function CarrierPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { caller } = await adminCaller();
  const carrier = await caller.admin.carrier({ carrierId: id }).catch((e: unknown) => {
    if (domainCodeOf(e) === "NOT_FOUND" || domainCodeOf(e) === "BAD_INPUT") notFound();
    throw e;
  });
  return (
    <div className="space-y-6">
      <div>
        <Link href="/admin/carriers" className="text-sm text-slate-500 hover:text-slate-700">← Carriers</Link>
        <h1 className="mt-1 text-xl font-semibold">{carrier.name}</h1>
      </div>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <CarrierForm key={JSON.stringify(carrier.services)} carrier={carrier} />
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-2 font-semibold">Webhook secret</h2>
        <RotateSecret carrierId={carrier.id} />
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <CarrierTables carrierId={carrier.id} zones={carrier.zones} rates={carrier.rates} />
      </section>
    </div>
  );
}
