import { notFound } from "next/navigation";
import { Board } from "@/components/board/Board";
import { BoardFilterBar } from "@/components/board/BoardFilterBar";
import { signedInCaller } from "@/server/api/serverCaller";
import { boardFilters } from "@/server/services/orders/board";

export default async function BoardPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const { caller, me } = await signedInCaller();
  if (me.actor.role === "customer") notFound();
  // The filter lives in the URL; anything unrecognised is ignored rather than refused.
  const parsed = boardFilters.safeParse({ channel: params.channel || undefined, customer: params.customer || undefined, warehouse: params.warehouse || undefined, search: params.search || undefined });
  const filters = parsed.success ? parsed.data : {};
  const [initial, options, shippingOptions] = await Promise.all([caller.orders.board(filters), caller.orders.formOptions(), caller.fulfillment.shippingOptions()]);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-xl font-semibold">Board</h1>
        <BoardFilterBar filters={filters} customers={options.accounts} warehouses={options.warehouses} />
      </div>
      {/* Keyed by the filter, so a new filter starts from the server's fresh board. */}
      <Board key={JSON.stringify(filters)} initial={initial} filters={filters} shippingOptions={shippingOptions} />
    </div>
  );
}
