import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";

/**
 * The browser's tRPC client: one per tab. Pages with React Query forms reach it through
 * Providers; the board and the header call it directly, so that React Query stays out of their
 * first load (see app/layout.tsx). Only ever called from event handlers and effects, so the
 * copy a server render creates never sends anything.
 */
export const trpcClient = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: "/api/trpc", transformer: superjson })] });
