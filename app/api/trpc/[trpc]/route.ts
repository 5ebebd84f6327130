import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createContext } from "@/server/api/context";
import { crossSiteRefusal, readBodyCapped } from "@/server/api/requestGuards";
import { appRouter } from "@/server/api/root";
import { guardedRoute } from "@/server/api/unexpectedError";
import { MAX_BATCH_CALLS, MAX_TRPC_BODY_BYTES } from "@/server/domain/limits";

async function handler(req: Request) {
  let request = req;
  if (req.method === "POST") {
    const refused = crossSiteRefusal(req);
    if (refused) return refused;
    const body = await readBodyCapped(req, MAX_TRPC_BODY_BYTES);
    if (body instanceof Response) return body;
    request = new Request(req.url, { method: "POST", headers: req.headers, body });
  }
  return fetchRequestHandler({ endpoint: "/api/trpc", req: request, router: appRouter, createContext, maxBatchSize: MAX_BATCH_CALLS });
}

const guarded = guardedRoute(handler);
export { guarded as GET, guarded as POST };
