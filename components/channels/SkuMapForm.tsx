"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useAdminOutcome } from "../admin/useAdminSave";
import { Field, input, primaryButton } from "../forms";
import { useTRPC } from "../trpc";

interface Product { sku: string; name: string }

/**
 * Maps a channel's item (its SKU, `variant:123`, a buyer part number) to one of our products, or
 * changes the mapping. From an unknown-SKU rejection it comes prefilled with the channel's key.
 */
export function SkuMapForm({ connectionId, products, channelKey, sku, packSize, title }: { connectionId: string; products: Product[]; channelKey?: string; sku?: string; packSize?: number; title?: string }) {
  const trpc = useTRPC();
  const [saved, setSaved] = useState<string | null>(null);
  const outcome = useAdminOutcome();
  const { issues } = outcome;
  const map = useMutation(
    trpc.channels.mapSku.mutationOptions({
      onSuccess: (row, sent) => {
        setSaved(`${sent.channelKey} → ${sent.sku}${row.packSize > 1 ? ` × ${row.packSize}` : ""}`);
        outcome.handlers.onSuccess();
      },
      onError: (e) => {
        setSaved(null);
        outcome.handlers.onError(e);
      },
    }),
  );
  const shown = ["channelKey", "sku", "packSize"];
  return (
    <form
      aria-label={channelKey ? `Map SKU ${channelKey}` : "Map a SKU"}
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        map.mutate({ connectionId, channelKey: String(f.get("channelKey") ?? "").trim(), sku: String(f.get("sku") ?? ""), packSize: Number(String(f.get("packSize") ?? "1").trim() || 1) });
      }}
    >
      <div className="grid items-start gap-3 md:grid-cols-[1fr_1.5fr_8rem_auto]">
        <Field label="Channel key" error={issues.channelKey}>
          <input name="channelKey" defaultValue={channelKey} placeholder="SKU, variant:123, buyer part" autoComplete="off" className={`${input} font-mono`} />
          {title && <span className="mt-1 block text-xs font-normal text-slate-500">The channel calls it “{title}”.</span>}
        </Field>
        <Field label="Our SKU" error={issues.sku}>
          <select name="sku" defaultValue={sku ?? ""} className={input}>
            <option value="" disabled>Choose a product</option>
            {products.map((p) => <option key={p.sku} value={p.sku}>{p.sku} — {p.name}</option>)}
          </select>
        </Field>
        <Field label="Pack size" error={issues.packSize}>
          <input name="packSize" defaultValue={packSize ?? 1} inputMode="numeric" className={input} />
          <span className="mt-1 block text-xs font-normal text-slate-500">Our units per channel unit</span>
        </Field>
        <button disabled={map.isPending} className={`${primaryButton} md:mt-6`}>{channelKey ? "Map SKU" : "Save mapping"}</button>
      </div>
      {outcome.error && !Object.keys(issues).some((k) => shown.includes(k)) && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{outcome.error}</p>}
      {saved && <p role="status" className="text-sm text-emerald-800">Mapped {saved}.</p>}
    </form>
  );
}
