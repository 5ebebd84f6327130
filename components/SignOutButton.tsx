"use client";
import { useState } from "react";
import { signOut } from "./authClient";
import { loadTrpcClient } from "./loadTrpcClient";

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
  const [pending, setPending] = useState(false);
  async function signOutEverywhere() {
    setPending(true);
    try {
      const { trpcClient } = await loadTrpcClient();
      await trpcClient.session.signOutEverywhere.mutate();
      await signOut("/signin");
    } catch {
      setPending(false);
    }
  }
  return (
    <button type="button" disabled={pending} onClick={signOutEverywhere} className={button}>
      Sign out everywhere
    </button>
  );
}
