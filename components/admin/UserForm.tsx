"use client";
import { useMutation } from "@tanstack/react-query";
import { ROLES, type Role } from "@/server/domain/permissions";
import { Field, input, primaryButton } from "../forms";
import { useTRPC } from "../trpc";
import { useAdminOutcome } from "./useAdminSave";

interface User { id: string; email: string; name: string; role: Role; accountCode: string | null }

/** A person: e-mail, name, role, and for a customer the account they buy for. A password sets or resets it. */
export function UserForm({ user, accountCodes }: { user?: User; accountCodes: string[] }) {
  const trpc = useTRPC();
  const outcome = useAdminOutcome();
  const save = useMutation(trpc.admin.saveUser.mutationOptions(outcome.handlers));
  const { issues } = outcome;
  const label = user ? `User ${user.email}` : "New user";
  return (
    <form
      aria-label={label}
      className="grid items-end gap-3 md:grid-cols-6"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const text = (name: string) => String(f.get(name) ?? "").trim() || undefined;
        save.mutate({
          ...(user ? { userId: user.id } : {}),
          email: String(f.get("email") ?? ""),
          name: String(f.get("name") ?? ""),
          role: String(f.get("role")) as Role,
          accountCode: text("accountCode"),
          password: text("password"),
        });
      }}
    >
      <div className="md:col-span-2"><Field label="E-mail" error={issues.email}><input name="email" type="email" defaultValue={user?.email} className={input} /></Field></div>
      <Field label="Name" error={issues.name}><input name="name" defaultValue={user?.name} className={input} /></Field>
      <Field label="Role" error={issues.role}>
        <select name="role" defaultValue={user?.role ?? "operator"} className={input}>{ROLES.map((r) => <option key={r} value={r}>{r}</option>)}</select>
      </Field>
      <Field label="Account (customers)" error={issues.accountCode}>
        <select name="accountCode" defaultValue={user?.accountCode ?? ""} className={input}>
          <option value="">—</option>
          {accountCodes.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </Field>
      <Field label={user ? "New password" : "Password"} error={issues.password}><input name="password" type="password" autoComplete="new-password" className={input} /></Field>
      <button disabled={save.isPending} className={`${primaryButton} md:col-start-6`}>{user ? "Save user" : "Add user"}</button>
      {outcome.error && Object.keys(issues).length === 0 && <p role="alert" className="text-sm text-red-700 md:col-span-6">{outcome.error}</p>}
    </form>
  );
}
