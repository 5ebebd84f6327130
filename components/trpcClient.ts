import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";

/**
 * The browser's tRPC client: one per tab. Pages with React Query forms reach it through
 * Providers; the board and the header load this module with loadTrpcClient() when they first
 * call the server. Only ever called from event handlers and effects, so the copy a server
 * render creates never sends anything.
 */
export const trpcClient = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: "/api/trpc", transformer: superjson })] });

/** The domain error code a refused call carries (the errorFormatter's `domainCode`), if any. */
export function domainCodeOf(error: unknown): string | undefined {
  const data = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data : undefined;
  return data && "domainCode" in data ? data.domainCode : undefined;
}
