import type { ReactNode } from "react";
import { Providers } from "@/components/Providers";

// React Query and the tRPC hooks for this section's forms (app/layout.tsx says why not app-wide).
export default function InventoryLayout({ children }: { children: ReactNode }) {
  return <Providers>{children}</Providers>;
}
