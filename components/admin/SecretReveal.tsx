"use client";
import type { ReactNode } from "react";

/** A webhook secret, visible this once: the server never shows it again. `children` say what else the admin should know. */
export function SecretReveal({ secret, children }: { secret: string; children?: ReactNode }) {
  return (
    <div role="status" className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="webhook-secret">
      <p className="font-medium text-amber-900">Webhook secret: copy it now. It will not be shown again.</p>
      <code className="block select-all break-all rounded bg-white px-2 py-1 font-mono text-xs">{secret}</code>
      {children}
    </div>
  );
}
