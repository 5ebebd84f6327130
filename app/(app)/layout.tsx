import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton, SignOutEverywhereButton } from "@/components/SignOutButton";
import { signedInCaller } from "@/server/api/serverCaller";

// Everything under (app) needs a signed-in user; the check runs on the server for every page.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const { me } = await signedInCaller();
  const staff = me.actor.role !== "customer";
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/orders" className="font-semibold tracking-tight">
            Loopline <span className="font-normal text-slate-400">· {me.workspace.name}</span>
          </Link>
          <nav className="flex gap-4 text-sm">
            {staff && <Link href="/board" className="text-slate-600 hover:text-slate-900">Board</Link>}
            {staff && <Link href="/intake" className="text-slate-600 hover:text-slate-900">Intake</Link>}
            <Link href="/orders" className="text-slate-600 hover:text-slate-900">Orders</Link>
            {staff && <Link href="/fulfillment" className="text-slate-600 hover:text-slate-900">Fulfillment</Link>}
            {staff && <Link href="/inventory" className="text-slate-600 hover:text-slate-900">Inventory</Link>}
            {me.actor.role === "admin" && <Link href="/admin" className="text-slate-600 hover:text-slate-900">Admin</Link>}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="text-slate-500" data-testid="signed-in-as">{me.actor.label}</span>
            <SignOutButton />
            <SignOutEverywhereButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-screen-2xl px-4 py-6">{children}</main>
    </div>
  );
}
