"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ORDER_TRANSITIONS, type OrderState } from "@/server/domain/orderLoop";
import { can, type Command, type Role } from "@/server/domain/permissions";
import { useTRPC } from "../trpc";

interface Props {
  order: { id: string; version: number; status: OrderState; number: string };
  role: Role;
}

/** The commands the loop allows from this state, for this role: the server checks both again. */
export function OrderActions({ order, role }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const ref = { orderId: order.id, version: order.version };
  const done = { onSuccess: () => { setError(null); router.refresh(); }, onError: (e: { message: string }) => setError(e.message) };

  const allocate = useMutation(trpc.orders.allocate.mutationOptions(done));
  const release = useMutation(trpc.orders.releaseAllocation.mutationOptions(done));
  const queue = useMutation(trpc.orders.queueForFulfillment.mutationOptions(done));
  const cancel = useMutation(trpc.orders.cancel.mutationOptions(done));
  const pending = allocate.isPending || release.isPending || queue.isPending || cancel.isPending;

  const allowed = ORDER_TRANSITIONS[order.status];
  const actions: { to: OrderState; command: Command; label: string; run: () => void; tone?: "danger" }[] = [
    { to: "ALLOCATED", command: "order.allocate", label: "Allocate", run: () => allocate.mutate(ref) },
    { to: "FULFILLMENT_QUEUED", command: "order.queue", label: "Queue for fulfillment", run: () => queue.mutate(ref) },
    { to: "RECEIVED", command: "order.release", label: "Release allocation", run: () => release.mutate(ref) },
    {
      to: "CANCELLED",
      command: "order.cancel",
      label: "Cancel order",
      tone: "danger",
      run: () => {
        const reason = window.prompt(`Cancel ${order.number}? Reason (optional):`);
        if (reason !== null) cancel.mutate({ ...ref, reason: reason.trim() || undefined });
      },
    },
  ];
  const available = actions.filter((a) => allowed.includes(a.to) && can(role, a.command));
  if (available.length === 0) return null;

  return (
    <div className="flex max-w-md flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-2">
        {available.map((a) => (
          <button
            key={a.label}
            type="button"
            disabled={pending}
            onClick={a.run}
            className={a.tone === "danger" ? "rounded-md border border-rose-300 bg-white px-3 py-2 text-sm font-medium text-rose-700 hover:bg-rose-50 disabled:opacity-50" : "rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"}
          >
            {a.label}
          </button>
        ))}
      </div>
      {error && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{error}</p>}
    </div>
  );
}
