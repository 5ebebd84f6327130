"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, fieldIssues, input, primaryButton } from "../forms";
import { useTRPC } from "../trpc";
import { SecretReveal } from "./SecretReveal";

interface ServiceDraft { code: string; name: string; transitDays: string }
interface Carrier { id: string; code: string; name: string; trackingUrlTemplate: string; services: { code: string; name: string; transitDays: number }[] }

/** A carrier's name, code, tracking page and services. A new carrier's webhook secret is shown once, here. */
export function CarrierForm({ carrier }: { carrier?: Carrier }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [services, setServices] = useState<ServiceDraft[]>(carrier?.services.map((s) => ({ ...s, transitDays: String(s.transitDays) })) ?? [{ code: "", name: "", transitDays: "" }]);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  const save = useMutation(
    trpc.admin.saveCarrier.mutationOptions({
      onSuccess: ({ carrier: saved, webhookSecret }) => {
        setIssues({});
        setError(null);
        if (webhookSecret) setCreated({ id: saved.id, secret: webhookSecret });
        router.refresh();
      },
      onError: (e) => {
        setIssues(fieldIssues(e));
        setError(e.message);
      },
    }),
  );
  const edit = (i: number, patch: Partial<ServiceDraft>) => setServices((all) => all.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  if (created) {
    return (
      <div className="space-y-3">
        <SecretReveal secret={created.secret} />
        <Link href={`/admin/carriers/${created.id}`} className="text-sm text-indigo-700 hover:underline">Set its zones and rates →</Link>
      </div>
    );
  }
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        save.mutate({
          ...(carrier ? { carrierId: carrier.id } : {}),
          code: String(f.get("code") ?? ""),
          name: String(f.get("name") ?? ""),
          trackingUrlTemplate: String(f.get("trackingUrlTemplate") ?? ""),
          services: services.map((s) => ({ code: s.code, name: s.name, transitDays: s.transitDays.trim() === "" ? Number.NaN : Number(s.transitDays) })),
        });
      }}
    >
      <div className="grid gap-3 md:grid-cols-3">
        <Field label="Code" error={issues.code}><input name="code" defaultValue={carrier?.code} className={input} /></Field>
        <Field label="Name" error={issues.name}><input name="name" defaultValue={carrier?.name} className={input} /></Field>
        <Field label="Tracking URL template" error={issues.trackingUrlTemplate}>
          <input name="trackingUrlTemplate" defaultValue={carrier?.trackingUrlTemplate} placeholder="https://carrier.example/track?n={tracking}" className={input} />
        </Field>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Services</legend>
        {issues.services && <p className="text-xs text-red-700">{issues.services}</p>}
        {services.map((s, i) => (
          <div key={i} className="grid grid-cols-[1fr_2fr_1fr_auto] items-end gap-2" data-testid="service-row">
            <Field label={`Service ${i + 1} code`} error={issues[`services[${i}].code`]}><input value={s.code} onChange={(e) => edit(i, { code: e.target.value })} className={input} /></Field>
            <Field label={`Service ${i + 1} name`} error={issues[`services[${i}].name`]}><input value={s.name} onChange={(e) => edit(i, { name: e.target.value })} className={input} /></Field>
            <Field label={`Service ${i + 1} transit days`} error={issues[`services[${i}].transitDays`]}><input value={s.transitDays} inputMode="numeric" onChange={(e) => edit(i, { transitDays: e.target.value })} className={input} /></Field>
            <button type="button" onClick={() => setServices((all) => all.filter((_, j) => j !== i))} className="mb-1 rounded px-2 py-1 text-sm text-slate-500 hover:bg-slate-100" aria-label={`Remove service ${i + 1}`}>×</button>
          </div>
        ))}
        <button type="button" onClick={() => setServices((all) => [...all, { code: "", name: "", transitDays: "" }])} className="text-sm text-indigo-700 hover:underline">Add service</button>
      </fieldset>
      {error && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{error}</p>}
      <button disabled={save.isPending} className={primaryButton}>{carrier ? "Save carrier" : "Create carrier"}</button>
    </form>
  );
}
