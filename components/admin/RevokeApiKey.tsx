"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { useAdminOutcome } from "./useAdminSave";

/** Revokes a key at once: its next request is refused (and recorded). */
export function RevokeApiKey({ apiKeyId, name }: { apiKeyId: string; name: string }) {
  const trpc = useTRPC();
  const outcome = useAdminOutcome();
  const revoke = useMutation(trpc.admin.revokeApiKey.mutationOptions(outcome.handlers));
  return (
    <button
      type="button"
      disabled={revoke.isPending}
      onClick={() => window.confirm(`Revoke the key “${name}”? Systems using it stop working at once.`) && revoke.mutate({ apiKeyId })}
      className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:bg-slate-50"
    >
      Revoke
    </button>
  );
}
