"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import type { FulfillmentState } from "@/server/domain/fulfillmentLoop";
import { formatMoney } from "@/server/domain/money";
import { useTRPC } from "../trpc";

interface Props {
  fulfillment: { id: string; version: number; status: FulfillmentState; openPicks: number; requestedMethod: string | null };
  shippingOptions: { carrierCode: string; carrierName: string; serviceCode: string; serviceName: string; transitDays: number }[];
}

const field = "mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm";
const primary = "rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50";

/** The step the fulfillment loop allows next: pack, ship, confirm delivery, resolve an exception, or cancel. */
export function FulfillmentActions({ fulfillment, shippingOptions }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const done = { onSuccess: () => { setError(null); router.refresh(); }, onError: (e: { message: string }) => setError(e.message) };
  const ref = { fulfillmentId: fulfillment.id, version: fulfillment.version };
  const pack = useMutation(trpc.fulfillment.pack.mutationOptions(done));
  const ship = useMutation(trpc.fulfillment.ship.mutationOptions(done));
  const deliver = useMutation(trpc.fulfillment.confirmDelivery.mutationOptions(done));
  const resolve = useMutation(trpc.fulfillment.resolveShortPick.mutationOptions(done));
  const cancel = useMutation(trpc.fulfillment.cancel.mutationOptions(done));
  // Options arrive with the refresh after packing, so the default is derived, not frozen in state.
  const [chosen, setService] = useState<string | null>(null);
  const service = chosen ?? fulfillment.requestedMethod ?? (shippingOptions[0] ? `${shippingOptions[0].carrierCode}:${shippingOptions[0].serviceCode}` : "");
  const [carrierCode = "", serviceCode = ""] = service.split(":");
  const quote = useQuery({ ...trpc.fulfillment.quote.queryOptions({ fulfillmentId: fulfillment.id, carrierCode, serviceCode }), enabled: fulfillment.status === "PACKED" && service !== "" });

  const text = (event: FormEvent<HTMLFormElement>, name: string) => String(new FormData(event.currentTarget).get(name) ?? "").trim();
  const { status } = fulfillment;

  return (
    <section className="space-y-3">
      {status === "PICKING" && fulfillment.openPicks === 0 && (
        <Panel title="Pack">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const n = (k: string) => Number(text(e, k));
              pack.mutate({ ...ref, packages: [{ weightGrams: n("weight"), lengthMm: n("length"), widthMm: n("width"), heightMm: n("height") }] });
            }}
            className="grid grid-cols-2 gap-2 md:grid-cols-5"
          >
            <label className="text-sm">Weight (g)<input name="weight" inputMode="numeric" className={field} /></label>
            <label className="text-sm">Length (mm)<input name="length" inputMode="numeric" className={field} /></label>
            <label className="text-sm">Width (mm)<input name="width" inputMode="numeric" className={field} /></label>
            <label className="text-sm">Height (mm)<input name="height" inputMode="numeric" className={field} /></label>
            <button disabled={pack.isPending} className={`${primary} self-end`}>Record package</button>
          </form>
        </Panel>
      )}
      {status === "PACKED" && (
        <Panel title="Ship">
          <form onSubmit={(e) => { e.preventDefault(); ship.mutate({ ...ref, carrierCode, serviceCode, trackingNumber: text(e, "tracking") }); }} className="grid gap-2 md:grid-cols-3">
            <label className="text-sm">Carrier and service
              <select value={service} onChange={(e) => setService(e.target.value)} className={field}>
                {shippingOptions.map((o) => <option key={`${o.carrierCode}:${o.serviceCode}`} value={`${o.carrierCode}:${o.serviceCode}`}>{o.serviceName} ({o.transitDays} d)</option>)}
              </select>
            </label>
            <label className="text-sm">Tracking number<input name="tracking" className={field} /></label>
            <button disabled={ship.isPending} className={`${primary} self-end`}>Ship</button>
            <p className="text-sm text-slate-600 md:col-span-3" data-testid="rate-quote">
              {quote.data ? `Cost ${formatMoney(quote.data.costMinor, quote.data.currency)} · zone ${quote.data.zone} · ${quote.data.weightGrams} g · ${quote.data.transitDays} day transit` : quote.error ? quote.error.message : "Quoting…"}
            </p>
          </form>
        </Panel>
      )}
      {status === "SHIPPED" && (
        <Panel title="Confirm delivery">
          <form onSubmit={(e) => { e.preventDefault(); deliver.mutate({ ...ref, signer: text(e, "signer"), note: text(e, "note") || undefined }); }} className="grid gap-2 md:grid-cols-3">
            <label className="text-sm">Signed by<input name="signer" className={field} /></label>
            <label className="text-sm">Note<input name="note" className={field} /></label>
            <button disabled={deliver.isPending} className={`${primary} self-end`}>Delivered</button>
          </form>
        </Panel>
      )}
      {status === "EXCEPTION" && (
        <Panel title="Exception">
          <p className="mb-2 text-sm text-slate-600">Pick the missing units from another lot or bin on the pick list, or ship what was found and backorder the rest.</p>
          <button type="button" disabled={resolve.isPending} onClick={() => resolve.mutate(ref)} className={primary}>Ship what was found</button>
        </Panel>
      )}
      {["ALLOCATED", "PICKING", "PACKED", "EXCEPTION"].includes(status) && (
        <button
          type="button"
          disabled={cancel.isPending}
          onClick={() => {
            const reason = window.prompt("Cancel this fulfillment? The stock stays reserved for the order. Reason:");
            if (reason?.trim()) cancel.mutate({ ...ref, reason: reason.trim() });
          }}
          className="rounded-md border border-rose-300 bg-white px-3 py-2 text-sm font-medium text-rose-700 hover:bg-rose-50"
        >
          Cancel fulfillment
        </button>
      )}
      {error && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{error}</p>}
    </section>
  );
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="mb-2 font-semibold">{title}</h2>
      {children}
    </div>
  );
}
