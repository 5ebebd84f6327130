"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import type { FulfillmentState } from "@/server/domain/fulfillmentLoop";
import { useTRPC } from "../trpc";
import { DeliveryForm } from "./DeliveryForm";
import { PackForm } from "./PackForm";
import { ShipForm, type ShippingOption } from "./ShipForm";
import { primaryButton } from "../forms";

interface Props {
  fulfillment: { id: string; version: number; status: FulfillmentState; openPicks: number; requestedMethod: string | null };
  shippingOptions: ShippingOption[];
}

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

  const { status } = fulfillment;

  return (
    <section className="space-y-3">
      {status === "PICKING" && fulfillment.openPicks === 0 && (
        <Panel title="Pack">
          <PackForm pending={pack.isPending} onPack={(packages) => pack.mutate({ ...ref, packages })} />
        </Panel>
      )}
      {status === "PACKED" && (
        <Panel title="Ship">
          <ShipForm fulfillmentId={fulfillment.id} requestedMethod={fulfillment.requestedMethod} shippingOptions={shippingOptions} pending={ship.isPending} onShip={(values) => ship.mutate({ ...ref, ...values })} />
        </Panel>
      )}
      {status === "SHIPPED" && (
        <Panel title="Confirm delivery">
          <DeliveryForm pending={deliver.isPending} onDeliver={(values) => deliver.mutate({ ...ref, ...values })} />
        </Panel>
      )}
      {status === "EXCEPTION" && (
        <Panel title="Exception">
          <p className="mb-2 text-sm text-slate-600">Pick the missing units from another lot or bin on the pick list, or ship what was found and backorder the rest.</p>
          <button type="button" disabled={resolve.isPending} onClick={() => resolve.mutate(ref)} className={primaryButton}>Ship what was found</button>
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
