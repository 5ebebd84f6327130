"use client";
import { useMutation } from "@tanstack/react-query";
import { useAdminOutcome } from "../admin/useAdminSave";
import { useTRPC } from "../trpc";

/** The workspace's "allocate channel orders as they arrive": saved as soon as it is switched. */
export function AutoAllocateSwitch({ autoAllocate }: { autoAllocate: boolean }) {
  const trpc = useTRPC();
  const outcome = useAdminOutcome();
  const save = useMutation(trpc.admin.setAutoAllocate.mutationOptions(outcome.handlers));
  const checked = save.isPending && save.variables ? save.variables.autoAllocate : autoAllocate;
  return (
    <div className="space-y-1 text-sm">
      <label className="flex items-center gap-2 font-medium text-slate-700">
        <input type="checkbox" checked={checked} disabled={save.isPending} onChange={(e) => save.mutate({ autoAllocate: e.target.checked })} />
        Allocate channel orders as they arrive
      </label>
      <p className="text-slate-500">
        On: the worker reserves stock for new channel orders within a second or two, in batches, oldest first; one that cannot be served is left on the board for an operator. Off: operators allocate channel orders like any other.
      </p>
      {(outcome.issues.autoAllocate ?? outcome.error) && <p role="alert" className="text-xs text-red-700">{outcome.issues.autoAllocate ?? outcome.error}</p>}
    </div>
  );
}
