"use client";
import { useMutation } from "@tanstack/react-query";
import { signOut } from "./authClient";
import { useTRPC } from "./trpc";

const button = "rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100";

export function SignOutButton() {
  return (
    <button type="button" onClick={() => signOut("/signin")} className={button}>
      Sign out
    </button>
  );
}

/** Ends this user's sessions on every device (a lost phone, a shared terminal), then this one's cookie. */
export function SignOutEverywhereButton() {
  const trpc = useTRPC();
  const everywhere = useMutation(trpc.session.signOutEverywhere.mutationOptions({ onSuccess: () => signOut("/signin") }));
  return (
    <button type="button" disabled={everywhere.isPending} onClick={() => everywhere.mutate()} className={button}>
      Sign out everywhere
    </button>
  );
}
