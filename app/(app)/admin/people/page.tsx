import { AccountForm } from "@/components/admin/AccountForm";
import { UserForm } from "@/components/admin/UserForm";
import { adminCaller } from "../adminCaller";

export default async function PeoplePage() {
  const { caller } = await adminCaller();
  const { accounts, users } = await caller.admin.people();
  const accountCodes = accounts.map((a) => a.code);
  return (
    <div className="space-y-6">
      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h1 className="text-xl font-semibold">B2B accounts</h1>
        {accounts.map((a) => <AccountForm key={a.id} account={a} />)}
        <h2 className="pt-2 font-semibold">New account</h2>
        <AccountForm />
      </section>
      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-xl font-semibold">Users and roles</h2>
        <p className="text-sm text-slate-500">A change counts at the person&apos;s next click. The workspace always keeps one admin.</p>
        {users.map((u) => <UserForm key={u.id} user={u} accountCodes={accountCodes} />)}
        <h3 className="pt-2 font-semibold">New user</h3>
        <UserForm accountCodes={accountCodes} />
      </section>
    </div>
  );
}
