import Link from "next/link";
import { NewOrderForm } from "@/components/orders/NewOrderForm";
import { signedInCaller } from "@/server/api/serverCaller";

export default async function NewOrderPage() {
  const { caller, me } = await signedInCaller();
  const options = await caller.orders.formOptions();
  return (
    <div className="space-y-4">
      <Link href="/orders" className="text-sm text-slate-500 hover:text-slate-700">← Orders</Link>
      <h1 className="text-xl font-semibold">New order</h1>
      <NewOrderForm options={options} role={me.actor.role} />
    </div>
  );
}
