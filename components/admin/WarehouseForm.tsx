"use client";
import { useMutation } from "@tanstack/react-query";
import { Field, input, primaryButton } from "../forms";
import { useTRPC } from "../trpc";
import { useAdminOutcome } from "./useAdminSave";

/** A new warehouse: code and name. */
export function WarehouseForm() {
  const trpc = useTRPC();
  const outcome = useAdminOutcome();
  const { issues } = outcome;
  const save = useMutation(trpc.admin.saveWarehouse.mutationOptions(outcome.handlers));
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        save.mutate({ code: String(f.get("code") ?? ""), name: String(f.get("name") ?? "") });
      }}
    >
      <Field label="Warehouse code" error={issues.code}><input name="code" className={input} /></Field>
      <Field label="Warehouse name" error={issues.name}><input name="name" className={input} /></Field>
      <button disabled={save.isPending} className={primaryButton}>Add warehouse</button>
    </form>
  );
}
