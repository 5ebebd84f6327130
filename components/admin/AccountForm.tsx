"use client";
import { useMutation } from "@tanstack/react-query";
import { PAYMENT_TERMS, type PaymentTerms } from "@/server/domain/commercial";
import { humanize } from "../format";
import { Field, input, primaryButton } from "../forms";
import { useTRPC } from "../trpc";
import { useAdminOutcome } from "./useAdminSave";

interface Account { id: string; code: string; name: string; paymentTerms: PaymentTerms; deliveryLeadDays: number; mayPlaceOrders: boolean; mayCancelOrders: boolean }

/** A B2B account: terms, delivery lead time, and whether its buyers may order and cancel in the portal. */
export function AccountForm({ account }: { account?: Account }) {
  const trpc = useTRPC();
  const outcome = useAdminOutcome();
  const save = useMutation(trpc.admin.saveAccount.mutationOptions(outcome.handlers));
  const { issues } = outcome;
  return (
    <form
      aria-label={account ? `Account ${account.code}` : "New account"}
      className="grid items-end gap-3 md:grid-cols-6"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        save.mutate({
          ...(account ? { accountId: account.id } : {}),
          code: String(f.get("code") ?? ""),
          name: String(f.get("name") ?? ""),
          paymentTerms: String(f.get("paymentTerms")) as PaymentTerms,
          deliveryLeadDays: Number(f.get("deliveryLeadDays")),
          mayPlaceOrders: f.get("mayPlaceOrders") === "on",
          mayCancelOrders: f.get("mayCancelOrders") === "on",
        });
      }}
    >
      <Field label="Code" error={issues.code}><input name="code" defaultValue={account?.code} className={input} /></Field>
      <div className="md:col-span-2"><Field label="Name" error={issues.name}><input name="name" defaultValue={account?.name} className={input} /></Field></div>
      <Field label="Terms" error={issues.paymentTerms}>
        <select name="paymentTerms" defaultValue={account?.paymentTerms ?? "NET_30"} className={input}>{PAYMENT_TERMS.map((t) => <option key={t} value={t}>{humanize(t)}</option>)}</select>
      </Field>
      <Field label="Delivery lead (days)" error={issues.deliveryLeadDays}><input name="deliveryLeadDays" defaultValue={account?.deliveryLeadDays ?? 7} inputMode="numeric" className={input} /></Field>
      <div className="space-y-1 text-sm">
        <label className="flex items-center gap-2"><input type="checkbox" name="mayPlaceOrders" defaultChecked={account?.mayPlaceOrders ?? true} /> May order</label>
        <label className="flex items-center gap-2"><input type="checkbox" name="mayCancelOrders" defaultChecked={account?.mayCancelOrders ?? true} /> May cancel</label>
      </div>
      <button disabled={save.isPending} className={`${primaryButton} md:col-start-6`}>{account ? "Save account" : "Add account"}</button>
      {outcome.error && Object.keys(issues).length === 0 && <p role="alert" className="text-sm text-red-700 md:col-span-6">{outcome.error}</p>}
    </form>
  );
}
