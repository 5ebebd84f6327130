"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { CHANNEL_LABELS, CHANNELS, PAYMENT_TERMS } from "@/server/domain/commercial";
import { formatMoney } from "@/server/domain/money";
import type { Role } from "@/server/domain/permissions";
import { UNITS_OF_MEASURE, type UnitOfMeasure } from "@/server/domain/units";
import type { CreateOrderInput } from "@/server/services/orders/createOrder";
import { humanize } from "../format";
import { Field, fieldIssues, input } from "../forms";
import { useTRPC } from "../trpc";

interface Options {
  products: { sku: string; name: string; unitPriceMinor: number; currency: string; casePackQty: number | null; palletQty: number | null }[];
  warehouses: { code: string; name: string }[];
  accounts: { code: string; name: string; paymentTerms: string }[];
}
interface LineDraft { sku: string; quantity: string; uom: UnitOfMeasure; lotCode: string }

export function NewOrderForm({ options, role }: { options: Options; role: Role }) {
  const trpc = useTRPC();
  const router = useRouter();
  const customer = role === "customer";
  const [accountCode, setAccountCode] = useState(customer ? (options.accounts[0]?.code ?? "") : "");
  const [terms, setTerms] = useState("");
  const [lines, setLines] = useState<LineDraft[]>([{ sku: options.products[0]?.sku ?? "", quantity: "1", uom: "EACH", lotCode: "" }]);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(
    trpc.orders.create.mutationOptions({
      onSuccess: (order) => router.push(`/orders/${order.id}`),
      onError: (e) => {
        setIssues(fieldIssues(e));
        setError(e.message);
      },
    }),
  );
  const b2b = accountCode !== "";
  const accountTerms = options.accounts.find((a) => a.code === accountCode)?.paymentTerms ?? "";

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (name: string) => String(f.get(name) ?? "").trim() || undefined;
    const start = text("windowStart");
    const end = text("windowEnd");
    const order: CreateOrderInput = {
      channel: (text("channel") ?? "MANUAL") as CreateOrderInput["channel"],
      warehouseCode: text("warehouseCode"),
      accountCode: accountCode || undefined,
      customerName: text("customerName") ?? "",
      customerEmail: text("customerEmail"),
      shipTo: { name: text("customerName") ?? "", line1: text("line1") ?? "", city: text("city") ?? "", region: text("region") ?? "", postalCode: text("postalCode") ?? "", country: (text("country") ?? "").toUpperCase() },
      buyerPo: text("buyerPo"),
      paymentTerms: (terms || undefined) as CreateOrderInput["paymentTerms"],
      overrideReason: text("overrideReason"),
      deliveryWindow: start || end ? { start: start ?? "", end: end ?? "" } : undefined,
      plannedShipDate: text("plannedShipDate"),
      acceptsBackorder: f.get("acceptsBackorder") === "on",
      lines: lines.map((l) => ({ sku: l.sku, quantity: Number(l.quantity), uom: l.uom, lotCode: l.lotCode.trim() || undefined })),
    };
    setIssues({});
    setError(null);
    create.mutate(order);
  }

  const setLine = (i: number, patch: Partial<LineDraft>) => setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate>
      <Panel title="Customer">
        {!customer && (
          <Field label="Channel" error={issues.channel}>
            <select name="channel" defaultValue="MANUAL" className={input}>
              {CHANNELS.map((c) => <option key={c} value={c}>{CHANNEL_LABELS[c]}</option>)}
            </select>
          </Field>
        )}
        <Field label="B2B account" error={issues.accountCode}>
          <select value={accountCode} onChange={(e) => {
            setAccountCode(e.target.value);
            setTerms("");
          }} disabled={customer} className={input} aria-label="B2B account">
            {!customer && <option value="">Consumer (DTC)</option>}
            {options.accounts.map((a) => <option key={a.code} value={a.code}>{a.name}</option>)}
          </select>
        </Field>
        <Field label="Customer name" error={issues.customerName}><input name="customerName" className={input} /></Field>
        <Field label="E-mail" error={issues.customerEmail}><input name="customerEmail" type="email" className={input} /></Field>
      </Panel>

      <Panel title="Ship to">
        <Field label="Street" error={issues["shipTo.line1"]}><input name="line1" className={input} /></Field>
        <Field label="City" error={issues["shipTo.city"]}><input name="city" className={input} /></Field>
        <Field label="State / region" error={issues["shipTo.region"]}><input name="region" className={input} /></Field>
        <Field label="Postal code" error={issues["shipTo.postalCode"]}><input name="postalCode" className={input} /></Field>
        <Field label="Country" error={issues["shipTo.country"]}><input name="country" defaultValue="US" maxLength={2} className={input} /></Field>
        {options.warehouses.length > 1 && (
          <Field label="Ship from" error={issues.warehouseCode}>
            <select name="warehouseCode" className={input}>{options.warehouses.map((w) => <option key={w.code} value={w.code}>{w.code} · {w.name}</option>)}</select>
          </Field>
        )}
      </Panel>

      <Panel title="Terms and dates">
        {b2b && <Field label="Buyer PO" error={issues.buyerPo}><input name="buyerPo" className={input} /></Field>}
        {b2b && customer && (
          <p className="text-sm font-medium text-slate-700">
            Payment terms<span className="mt-2 block font-normal">{humanize(accountTerms)}, your account&apos;s terms</span>
          </p>
        )}
        {b2b && !customer && (
          <Field label="Payment terms" error={issues.paymentTerms}>
            <select name="paymentTerms" value={terms} onChange={(e) => setTerms(e.target.value)} className={input}>
              <option value="">Account default ({humanize(accountTerms)})</option>
              {PAYMENT_TERMS.map((t) => <option key={t} value={t}>{humanize(t)}</option>)}
            </select>
          </Field>
        )}
        {b2b && !customer && terms !== "" && terms !== accountTerms && (
          <Field label="Why other terms" error={issues.overrideReason}><input name="overrideReason" className={input} /></Field>
        )}
        <Field label="Delivery window from" error={issues["deliveryWindow.start"]}><input name="windowStart" type="date" className={input} /></Field>
        <Field label="Delivery window to" error={issues["deliveryWindow.end"]}><input name="windowEnd" type="date" className={input} /></Field>
        <Field label="Planned ship date" error={issues.plannedShipDate}><input name="plannedShipDate" type="date" className={input} /></Field>
        <label className="flex items-center gap-2 self-end pb-2 text-sm"><input type="checkbox" name="acceptsBackorder" /> Accepts backorders</label>
      </Panel>

      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 font-semibold">Lines</h2>
        <div className="space-y-3">
          {lines.map((l, i) => {
            const product = options.products.find((p) => p.sku === l.sku);
            return (
              <div key={i} className="grid grid-cols-2 gap-2 md:grid-cols-[2fr_1fr_1fr_1fr_auto]" data-testid="line-editor">
                <Field label="SKU" error={issues[`lines[${i}].sku`]}>
                  <select value={l.sku} onChange={(e) => setLine(i, { sku: e.target.value })} className={input} aria-label={`Line ${i + 1} SKU`}>
                    {options.products.map((p) => <option key={p.sku} value={p.sku}>{p.sku} · {p.name} ({formatMoney(p.unitPriceMinor, p.currency)})</option>)}
                  </select>
                </Field>
                <Field label="Quantity" error={issues[`lines[${i}].quantity`]}>
                  <input value={l.quantity} onChange={(e) => setLine(i, { quantity: e.target.value })} inputMode="numeric" className={input} aria-label={`Line ${i + 1} quantity`} />
                </Field>
                <Field label="Unit" error={issues[`lines[${i}].uom`]}>
                  <select value={l.uom} onChange={(e) => setLine(i, { uom: e.target.value as UnitOfMeasure })} className={input} aria-label={`Line ${i + 1} unit`}>
                    {UNITS_OF_MEASURE.map((u) => (
                      <option key={u} value={u}>{u === "EACH" ? "Each" : `${humanize(u)}${u === "CASE" && product?.casePackQty ? ` of ${product.casePackQty}` : u === "PALLET" && product?.palletQty ? ` of ${product.palletQty}` : ""}`}</option>
                    ))}
                  </select>
                </Field>
                {!customer && (
                  <Field label="Pin to lot" error={issues[`lines[${i}].lotCode`]}>
                    <input value={l.lotCode} onChange={(e) => setLine(i, { lotCode: e.target.value })} placeholder="optional" className={input} aria-label={`Line ${i + 1} lot`} />
                  </Field>
                )}
                <button type="button" onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))} disabled={lines.length === 1} className="self-end rounded-md px-2 py-1.5 text-sm text-slate-500 hover:bg-slate-100 disabled:opacity-30" aria-label={`Remove line ${i + 1}`}>✕</button>
              </div>
            );
          })}
        </div>
        <button type="button" onClick={() => setLines((ls) => [...ls, { sku: options.products[0]?.sku ?? "", quantity: "1", uom: "EACH", lotCode: "" }])} className="mt-3 text-sm text-indigo-700 hover:underline">+ Add line</button>
        {issues.lines && <p className="mt-1 text-sm text-red-700">{issues.lines}</p>}
      </section>

      {error && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{error}</p>}
      <button type="submit" disabled={create.isPending} className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-60">
        {create.isPending ? "Creating…" : "Create order"}
      </button>
    </form>
  );
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="mb-3 font-semibold">{title}</h2>
      <div className="grid gap-3 md:grid-cols-2 lg:grid-cols-4">{children}</div>
    </section>
  );
}
