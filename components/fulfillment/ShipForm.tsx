"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatMoney } from "@/server/domain/money";
import { useTRPC } from "../trpc";
import { input, primaryButton } from "../forms";

export interface ShippingOption { carrierCode: string; carrierName: string; serviceCode: string; serviceName: string; transitDays: number }
export interface ShipValues { carrierCode: string; serviceCode: string; trackingNumber: string }

/**
 * Carrier, service and tracking number for a packed fulfillment, with the live rate quote.
 * The fulfillment page and the board's ship dialog both use it; the caller runs the command.
 */
export function ShipForm({ fulfillmentId, requestedMethod, shippingOptions, pending, onShip }: {
  fulfillmentId: string;
  requestedMethod: string | null;
  shippingOptions: ShippingOption[];
  pending: boolean;
  onShip: (values: ShipValues) => void;
}) {
  const trpc = useTRPC();
  // Options can arrive after the first render, so the default is derived, not frozen in state.
  const [chosen, setService] = useState<string | null>(null);
  const service = chosen ?? requestedMethod ?? (shippingOptions[0] ? `${shippingOptions[0].carrierCode}:${shippingOptions[0].serviceCode}` : "");
  const [carrierCode = "", serviceCode = ""] = service.split(":");
  const quote = useQuery({ ...trpc.fulfillment.quote.queryOptions({ fulfillmentId, carrierCode, serviceCode }), enabled: service !== "" });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onShip({ carrierCode, serviceCode, trackingNumber: String(new FormData(e.currentTarget).get("tracking") ?? "").trim() });
      }}
      className="grid gap-2 md:grid-cols-3"
    >
      <label className="text-sm">Carrier and service
        <select value={service} onChange={(e) => setService(e.target.value)} className={input}>
          {shippingOptions.map((o) => <option key={`${o.carrierCode}:${o.serviceCode}`} value={`${o.carrierCode}:${o.serviceCode}`}>{o.serviceName} ({o.transitDays} d)</option>)}
        </select>
      </label>
      <label className="text-sm">Tracking number<input name="tracking" className={input} /></label>
      <button disabled={pending} className={`${primaryButton} self-end`}>Ship</button>
      <p className="text-sm text-slate-600 md:col-span-3" data-testid="rate-quote">
        {quote.data ? `Cost ${formatMoney(quote.data.costMinor, quote.data.currency)} · zone ${quote.data.zone} · ${quote.data.weightGrams} g · ${quote.data.transitDays} day transit` : quote.error ? quote.error.message : "Quoting…"}
      </p>
    </form>
  );
}
