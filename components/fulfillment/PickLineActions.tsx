"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "../trpc";

interface Line {
  fulfillmentId: string;
  version: number;
  reservationId: string;
  lotCode: string;
  binCode: string;
  quantity: number;
}

const input = "w-24 rounded border border-slate-300 px-1.5 py-1 text-xs";

/** Confirm a line with the lot, bin and quantity really picked, or report it short. */
export function PickLineActions({ line }: { line: Line }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [lotCode, setLot] = useState(line.lotCode);
  const [binCode, setBin] = useState(line.binCode);
  const [quantity, setQuantity] = useState(String(line.quantity));
  const [error, setError] = useState<string | null>(null);
  const done = { onSuccess: () => { setError(null); router.refresh(); }, onError: (e: { message: string }) => setError(e.message) };
  const confirm = useMutation(trpc.fulfillment.confirmPick.mutationOptions(done));
  const short = useMutation(trpc.fulfillment.reportShortPick.mutationOptions(done));
  const ref = { fulfillmentId: line.fulfillmentId, version: line.version, reservationId: line.reservationId };

  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-1">
        <input value={lotCode} onChange={(e) => setLot(e.target.value)} aria-label="Lot picked" className={input} />
        <input value={binCode} onChange={(e) => setBin(e.target.value)} aria-label="Bin picked from" className={input} />
        <input value={quantity} onChange={(e) => setQuantity(e.target.value)} inputMode="numeric" aria-label="Quantity picked" className={`${input} w-14`} />
        <button type="button" disabled={confirm.isPending} onClick={() => confirm.mutate({ ...ref, lotCode, binCode, quantity: Number(quantity) })} className="rounded bg-indigo-600 px-2 py-1 text-xs font-medium text-white hover:bg-indigo-500 disabled:opacity-50">
          Confirm
        </button>
        <button type="button" disabled={short.isPending} onClick={() => short.mutate({ ...ref, found: Math.min(Number(quantity) || 0, line.quantity - 1) })} className="rounded border border-rose-300 px-2 py-1 text-xs text-rose-700 hover:bg-rose-50 disabled:opacity-50" title="Found fewer than asked: the quantity field says how many were found">
          Short
        </button>
      </div>
      {error && <p role="alert" className="text-xs text-red-700">{error}</p>}
    </div>
  );
}
