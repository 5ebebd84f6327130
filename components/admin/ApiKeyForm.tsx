"use client";
import { useMutation } from "@tanstack/react-query";
import { ROLES, type Role } from "@/server/domain/permissions";
import { Field, input, primaryButton } from "../forms";
import { useTRPC } from "../trpc";
import { useAdminOutcome } from "./useAdminSave";

/** A new key: name, role, the account for a customer key, an optional expiry. The secret shows once, here. */
export function ApiKeyForm({ accountCodes }: { accountCodes: string[] }) {
  const trpc = useTRPC();
  const outcome = useAdminOutcome();
  const create = useMutation(trpc.admin.createApiKey.mutationOptions(outcome.handlers));
  const { issues } = outcome;
  return (
    <div className="space-y-3">
      <form
        aria-label="New API key"
        className="grid items-end gap-3 md:grid-cols-5"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const role = String(f.get("role")) as Role;
          const expires = String(f.get("expiresOn") ?? "");
          create.mutate({
            name: String(f.get("name") ?? ""),
            role,
            accountCode: role === "customer" ? String(f.get("accountCode") ?? "") || undefined : undefined,
            // The key works through the whole day it expires on (UTC).
            expiresAt: expires ? `${expires}T23:59:59Z` : undefined,
          });
        }}
      >
        <Field label="Key name" error={issues.name}><input name="name" placeholder="ERP sync" className={input} /></Field>
        <Field label="Role" error={issues.role}>
          <select name="role" defaultValue="operator" className={input}>{ROLES.map((r) => <option key={r} value={r}>{r}</option>)}</select>
        </Field>
        <Field label="Account (customer keys)" error={issues.accountCode}>
          <select name="accountCode" defaultValue="" className={input}><option value="">—</option>{accountCodes.map((c) => <option key={c} value={c}>{c}</option>)}</select>
        </Field>
        <Field label="Expires on (optional)" error={issues.expiresAt}><input name="expiresOn" type="date" className={input} /></Field>
        <button disabled={create.isPending} className={primaryButton}>Create API key</button>
        {outcome.error && Object.keys(issues).length === 0 && <p role="alert" className="text-sm text-red-700 md:col-span-5">{outcome.error}</p>}
      </form>
      {create.data && (
        <div role="status" className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="api-key-secret">
          <p className="font-medium text-amber-900">Secret of “{create.data.name}”: copy it now. It will not be shown again.</p>
          <code className="block select-all break-all rounded bg-white px-2 py-1 font-mono text-xs">{create.data.secret}</code>
        </div>
      )}
    </div>
  );
}
