import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = { title: "Loopline", description: "Order and fulfillment execution" };

// No React Query here: the board, the header and the sign-in page do without it, and it is some
// 14 KiB gzipped of every first load it is in. The sections whose forms use the tRPC hooks
// (admin, orders, fulfillment, intake, inventory) wrap themselves in <Providers> in their own
// layout; a new section with such forms does the same.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        {children}
      </body>
    </html>
  );
}
