"use client";
import { formatMoney } from "@/server/domain/money";
import { useTRPCClient } from "../trpc";
import { RuleLines } from "./RuleLines";

interface Props {
  carrierId: string;
  zones: { zone: string; match: "REGION" | "POSTAL_PREFIX"; value: string }[];
  rates: { serviceCode: string; zone: string; maxWeightGrams: number; amountMinor: number; currency: string }[];
}

/** Zone rules and the rate table of a carrier: each shown as a table and edited as lines. */
export function CarrierTables({ carrierId, zones, rates }: Props) {
  const client = useTRPCClient();
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section className="space-y-2">
        <h2 className="font-semibold">Zones</h2>
        <RuleLines
          label="Zone rules"
          listField="zones"
          initial={zones.map((z) => `${z.zone} ${z.match === "REGION" ? "REGION" : "POSTAL"} ${z.value}`).join("\n")}
          help="One rule per line: zone, REGION or POSTAL, then the state code or postal-code prefix. The longest matching postal prefix wins, then the region."
          parse={([zone = "", match = "", value = ""]) => ({ zone, match: match.toUpperCase().startsWith("POSTAL") ? ("POSTAL_PREFIX" as const) : ("REGION" as const), value })}
          save={(rows) => client.admin.setCarrierZones.mutate({ carrierId, zones: rows })}
        />
      </section>
      <section className="space-y-2">
        <h2 className="font-semibold">Rates</h2>
        <RateMatrix rates={rates} />
        <RuleLines
          label="Rate table"
          listField="rates"
          initial={rates.map((r) => `${r.serviceCode} ${r.zone} ${r.maxWeightGrams} ${(r.amountMinor / 100).toFixed(2)}`).join("\n")}
          help="One rate per line: service code, zone, heaviest weight in grams, price. A shipment pays the lightest bracket that holds it."
          parse={([serviceCode = "", zone = "", grams = "", price = ""]) => ({ serviceCode, zone, maxWeightGrams: Number(grams), amountMinor: Math.round(Number(price) * 100) })}
          save={(rows) => client.admin.setCarrierRates.mutate({ carrierId, rates: rows })}
        />
      </section>
    </div>
  );
}

/** Weight brackets down, zones across, one table per service. */
function RateMatrix({ rates }: { rates: Props["rates"] }) {
  const services = [...new Set(rates.map((r) => r.serviceCode))];
  const zones = [...new Set(rates.map((r) => r.zone))].sort();
  return (
    <div className="space-y-3">
      {services.map((service) => {
        const own = rates.filter((r) => r.serviceCode === service);
        const brackets = [...new Set(own.map((r) => r.maxWeightGrams))].sort((a, b) => a - b);
        return (
          <div key={service} className="overflow-x-auto">
            <table className="w-full text-xs" data-testid={`rates-${service}`}>
              <caption className="text-left font-medium">{service}</caption>
              <thead><tr className="text-slate-500"><th className="px-1 text-left">up to</th>{zones.map((z) => <th key={z} className="px-1 text-right">zone {z}</th>)}</tr></thead>
              <tbody>
                {brackets.map((g) => (
                  <tr key={g} className="border-t border-slate-100">
                    <td className="px-1">{g >= 1000 ? `${g / 1000} kg` : `${g} g`}</td>
                    {zones.map((z) => {
                      const rate = own.find((r) => r.zone === z && r.maxWeightGrams === g);
                      return <td key={z} className="px-1 text-right tabular-nums">{rate ? formatMoney(rate.amountMinor, rate.currency) : "—"}</td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </div>
  );
}
