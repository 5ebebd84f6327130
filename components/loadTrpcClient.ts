/**
 * The tRPC client (with superjson, some 12 KiB gzipped) for code that calls the server only after
 * something happens: a drop, a click, a live change. Importing it this way keeps it out of the
 * page's first load; the board starts the import as soon as it has hydrated, so it is normally
 * in place before the first drop, and a drop made sooner waits for it rather than failing.
 */
export function loadTrpcClient() {
  return import("./trpcClient");
}
