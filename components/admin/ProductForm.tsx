"use client";
import { useMutation } from "@tanstack/react-query";
import { Field, input, primaryButton } from "../forms";
import { useTRPC } from "../trpc";
import { useAdminOutcome } from "./useAdminSave";

interface Product { id: string; sku: string; name: string; unitPriceMinor: number; weightGrams: number; casePackQty: number | null; palletQty: number | null; lotTracked: boolean; minShelfLifeDays: number }

const wholeOrNull = (value: FormDataEntryValue | null) => (String(value ?? "").trim() === "" ? null : Number(value));

/** SKU, description, price, weight, pack sizes, lot tracking and minimum shelf life of a product. */
export function ProductForm({ product }: { product?: Product }) {
  const trpc = useTRPC();
  const outcome = useAdminOutcome();
  const save = useMutation(trpc.admin.saveProduct.mutationOptions(outcome.handlers));
  const { issues } = outcome;
  const id = product?.sku ?? "new";
  return (
    <form
      aria-label={product ? `Product ${product.sku}` : "New product"}
      className="grid gap-3 md:grid-cols-4"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        save.mutate({
          ...(product ? { productId: product.id } : {}),
          sku: String(f.get("sku") ?? ""),
          name: String(f.get("name") ?? ""),
          unitPriceMinor: Math.round(Number(f.get("price")) * 100),
          weightGrams: Number(f.get("weightGrams")),
          casePackQty: wholeOrNull(f.get("casePackQty")),
          palletQty: wholeOrNull(f.get("palletQty")),
          lotTracked: f.get("lotTracked") === "on",
          minShelfLifeDays: Number(f.get("minShelfLifeDays")),
        });
      }}
    >
      <Field label="SKU" error={issues.sku}><input name="sku" defaultValue={product?.sku} className={input} /></Field>
      <div className="md:col-span-3"><Field label="Description" error={issues.name}><input name="name" defaultValue={product?.name} className={input} /></Field></div>
      <Field label="Price" error={issues.unitPriceMinor}><input name="price" defaultValue={product ? (product.unitPriceMinor / 100).toFixed(2) : ""} inputMode="decimal" className={input} /></Field>
      <Field label="Weight (g)" error={issues.weightGrams}><input name="weightGrams" defaultValue={product?.weightGrams ?? 0} inputMode="numeric" className={input} /></Field>
      <Field label="Case pack" error={issues.casePackQty}><input name="casePackQty" defaultValue={product?.casePackQty ?? ""} inputMode="numeric" className={input} /></Field>
      <Field label="Pallet" error={issues.palletQty}><input name="palletQty" defaultValue={product?.palletQty ?? ""} inputMode="numeric" className={input} /></Field>
      <Field label="Minimum shelf life (days)" error={issues.minShelfLifeDays}><input name="minShelfLifeDays" defaultValue={product?.minShelfLifeDays ?? 0} inputMode="numeric" className={input} /></Field>
      <label className="flex items-center gap-2 self-end pb-2 text-sm font-medium text-slate-700"><input type="checkbox" name="lotTracked" defaultChecked={product?.lotTracked ?? false} /> Lot and expiry tracked</label>
      <div className="flex items-end md:col-span-2">
        <button disabled={save.isPending} className={primaryButton} data-testid={`save-product-${id}`}>{product ? "Save product" : "Add product"}</button>
      </div>
      {outcome.error && Object.keys(issues).length === 0 && <p role="alert" className="text-sm text-red-700 md:col-span-4">{outcome.error}</p>}
    </form>
  );
}
