import Link from "next/link";
import type { ReactNode } from "react";
import { Providers } from "@/components/Providers";
import { adminCaller } from "./adminCaller";

const SECTIONS = [
  ["/admin/carriers", "Carriers"],
  ["/admin/warehouses", "Warehouses and bins"],
  ["/admin/products", "Products and lots"],
  ["/admin/people", "Accounts and users"],
  ["/admin/api-keys", "API keys"],
  ["/admin/webhooks", "Webhooks"],
  ["/admin/channels", "Channels"],
  ["/admin/activity", "Activity"],
] as const;

// The pages check too (layouts and pages render in parallel); this only hides the console from non-admins.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await adminCaller();
  return (
    <div className="space-y-4">
      <nav className="flex gap-4 border-b border-slate-200 text-sm" aria-label="Admin">
        {SECTIONS.map(([href, label]) => <Link key={href} href={href} className="-mb-px border-b-2 border-transparent px-1 pb-2 text-slate-600 hover:border-slate-400">{label}</Link>)}
      </nav>
      <Providers>{children}</Providers>
    </div>
  );
}
