import type { OrderState } from "@/server/domain/orderLoop";
import { humanize } from "./format";

const COLORS: Record<OrderState, string> = {
  RECEIVED: "bg-sky-100 text-sky-800",
  ALLOCATED: "bg-violet-100 text-violet-800",
  FULFILLMENT_QUEUED: "bg-amber-100 text-amber-800",
  PARTIALLY_SHIPPED: "bg-orange-100 text-orange-800",
  SHIPPED: "bg-blue-100 text-blue-800",
  DELIVERED: "bg-emerald-100 text-emerald-800",
  CLOSED: "bg-slate-200 text-slate-700",
  CANCELLED: "bg-rose-100 text-rose-800",
};

export function StatusBadge({ status }: { status: OrderState }) {
  return <span className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${COLORS[status]}`} data-status={status}>{humanize(status)}</span>;
}
