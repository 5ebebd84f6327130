"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../trpc";

const input = "rounded-md border border-slate-300 px-2 py-1.5 text-sm";

/** Put stock away at a bin: writes the receipt to the ledger and the position together. */
export function ReceiveForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const receive = useMutation(
    trpc.inventory.receive.mutationOptions({
      onSuccess: (p) => {
        setMessage({ ok: true, text: `Received. On hand at that position: ${p.onHand}.` });
        router.refresh();
      },
      onError: (e) => setMessage({ ok: false, text: e.message }),
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (n: string) => String(f.get(n) ?? "").trim() || undefined;
    receive.mutate({ warehouseCode: text("warehouseCode") ?? "", binCode: text("binCode") ?? "", sku: text("sku") ?? "", lotCode: text("lotCode"), expiresOn: text("expiresOn"), quantity: Number(text("quantity")) });
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3" noValidate>
      <span className="w-full text-sm font-semibold">Receive stock</span>
      <input name="warehouseCode" defaultValue="DC-East" aria-label="Warehouse" className={`${input} w-24`} />
      <input name="binCode" placeholder="Bin" aria-label="Bin" className={`${input} w-28`} />
      <input name="sku" placeholder="SKU" aria-label="SKU" className={`${input} w-32`} />
      <input name="lotCode" placeholder="Lot" aria-label="Lot" className={`${input} w-28`} />
      <input name="expiresOn" type="date" aria-label="Expires on" className={input} />
      <input name="quantity" placeholder="Qty" inputMode="numeric" aria-label="Quantity" className={`${input} w-20`} />
      <button disabled={receive.isPending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60">Receive</button>
      {message && <p role={message.ok ? "status" : "alert"} className={`w-full text-sm ${message.ok ? "text-emerald-700" : "text-red-700"}`}>{message.text}</p>}
    </form>
  );
}
