"use client";
import { useEffect, useRef } from "react";
import type { BoardCard } from "@/server/services/orders/board";
import { DeliveryForm, type DeliveryValues } from "../fulfillment/DeliveryForm";
import { ShipForm, type ShipValues, type ShippingOption } from "../fulfillment/ShipForm";
import { Providers } from "../Providers";

export interface DialogMove { command: "ship" | "confirmDelivery"; card: BoardCard; fulfillment: NonNullable<BoardCard["fulfillment"]> }

/**
 * The details a ship or delivery drop needs before its command can run. The board itself runs
 * without React Query; the ship form's rate quote uses it, so the dialog brings its own, loaded
 * with the dialog.
 */
export function MoveDialog({ move, shippingOptions, onShip, onDeliver, onClose }: {
  move: DialogMove;
  shippingOptions: ShippingOption[];
  onShip: (values: ShipValues) => void;
  onDeliver: (values: DeliveryValues) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const title = move.command === "ship" ? `Ship ${move.fulfillment.number}` : `Confirm delivery of ${move.fulfillment.number}`;
  return (
    <dialog ref={dialog} onClose={onClose} aria-label={title} className="w-[min(40rem,calc(100vw-2rem))] rounded-lg p-0 shadow-2xl backdrop:bg-slate-900/40">
      <div className="space-y-3 p-4">
        <header className="flex items-start justify-between">
          <div>
            <h2 className="font-semibold">{title}</h2>
            <p className="text-sm text-slate-500">Order {move.card.number} · {move.card.accountName ?? move.card.customerName}</p>
          </div>
          <button type="button" onClick={() => dialog.current?.close()} className="rounded px-2 text-slate-500 hover:bg-slate-100" aria-label="Close">×</button>
        </header>
        {move.command === "ship" ? (
          <Providers>
            <ShipForm fulfillmentId={move.fulfillment.id} requestedMethod={move.card.requestedMethod} shippingOptions={shippingOptions} pending={false} onShip={onShip} />
          </Providers>
        ) : (
          <DeliveryForm pending={false} onDeliver={onDeliver} />
        )}
      </div>
    </dialog>
  );
}
