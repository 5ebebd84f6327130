"use client";
import { input, primaryButton } from "../forms";

export interface DeliveryValues { signer: string; note?: string }

/** Who signed for a shipped fulfillment, and a note: the proof of delivery a person records. */
export function DeliveryForm({ pending, onDeliver }: { pending: boolean; onDeliver: (values: DeliveryValues) => void }) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const note = String(form.get("note") ?? "").trim();
        onDeliver({ signer: String(form.get("signer") ?? "").trim(), ...(note ? { note } : {}) });
      }}
      className="grid gap-2 md:grid-cols-3"
    >
      <label className="text-sm">Signed by<input name="signer" className={input} /></label>
      <label className="text-sm">Note<input name="note" className={input} /></label>
      <button disabled={pending} className={`${primaryButton} self-end`}>Delivered</button>
    </form>
  );
}
