import "server-only";
import { notFound } from "next/navigation";
import { signedInCaller } from "@/server/api/serverCaller";

/** The caller (and who is signed in) for an admin page: anyone else gets "not found", as the API would answer. */
export async function adminCaller() {
  const signedIn = await signedInCaller();
  if (signedIn.me.actor.role !== "admin") notFound();
  return signedIn;
}
