import "server-only";
import { TRPCError } from "@trpc/server";
import { redirect } from "next/navigation";
import { cache } from "react";
import { DomainError, type ErrorCode } from "../domain/errors";
import { createContext } from "./context";
import { createCaller } from "./root";

/** Server components call procedures through this caller, with the same auth as HTTP clients. */
export const serverCaller = cache(async () => createCaller(await createContext()));

/**
 * For pages behind sign-in. Next renders a layout and its page in parallel, so each page
 * checks for itself rather than trusting the layout's redirect.
 */
export async function signedInCaller() {
  const caller = await serverCaller();
  const me = await caller.session.me();
  if (!me) redirect("/signin");
  return { caller, me };
}

export function domainCodeOf(error: unknown): ErrorCode | null {
  const cause = error instanceof TRPCError ? error.cause : error;
  return cause instanceof DomainError ? cause.code : null;
}
