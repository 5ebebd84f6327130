import { answerJson, startLoopback } from "./loopbackServer";

// Square's Orders API as far as the channel needs it: RetrieveOrder (GET /v2/orders/{id}) and
// UpdateOrder (PUT /v2/orders/{id}) over orders kept as Square's wire JSON. Errors come back in
// Square's `{ errors: [{ category, code, detail, field }] }` form; it can be told to fail.

type WireOrder = Record<string, unknown> & { id: string; version: number; location_id: string; fulfillments?: Record<string, unknown>[] };

export interface FakeSquareOptions {
  accessToken: string;
  orders: WireOrder[];
}

const squareError = (category: string, code: string, detail: string, field?: string) => ({ errors: [{ category, code, detail, ...(field ? { field } : {}) }] });

export async function startFakeSquare(options: FakeSquareOptions) {
  const orders = new Map(options.orders.map((o) => [o.id, structuredClone(o)]));
  const failures: number[] = [];
  const updates: { orderId: string; body: Record<string, unknown> }[] = [];

  const server = await startLoopback((request, response) => {
    if (request.headers.authorization !== `Bearer ${options.accessToken}`) {
      return answerJson(response, 401, squareError("AUTHENTICATION_ERROR", "UNAUTHORIZED", "This request could not be authorized."));
    }
    if (!request.headers["square-version"]) return answerJson(response, 400, { fakeError: "no Square-Version header" });
    const match = /^\/v2\/orders\/([^/?]+)$/.exec(request.path);
    if (!match || (request.method !== "GET" && request.method !== "PUT")) return answerJson(response, 404, squareError("INVALID_REQUEST_ERROR", "NOT_FOUND", `${request.method} ${request.path}`));
    const status = failures.shift();
    if (status) return answerJson(response, status, squareError("API_ERROR", "INTERNAL_SERVER_ERROR", "An internal error has occurred."));
    const orderId = decodeURIComponent(match[1]!);
    const order = orders.get(orderId);
    if (!order) return answerJson(response, 404, squareError("INVALID_REQUEST_ERROR", "NOT_FOUND", `Order not found: ${orderId}`));
    if (request.method === "GET") return answerJson(response, 200, { order });

    const body = JSON.parse(request.body) as { order?: Partial<WireOrder>; idempotency_key?: string; fields_to_clear?: string[] };
    updates.push({ orderId, body });
    const sparse = body.order;
    if (!sparse || typeof sparse.version !== "number") return answerJson(response, 400, squareError("INVALID_REQUEST_ERROR", "MISSING_REQUIRED_PARAMETER", "Missing version", "order.version"));
    if (sparse.location_id !== order.location_id) return answerJson(response, 400, squareError("INVALID_REQUEST_ERROR", "INVALID_VALUE", "location_id does not match", "order.location_id"));
    if (sparse.version !== order.version) return answerJson(response, 400, squareError("INVALID_REQUEST_ERROR", "VERSION_MISMATCH", `Order version ${order.version} does not match ${sparse.version}`, "order.version"));
    for (const change of sparse.fulfillments ?? []) {
      const target = order.fulfillments?.find((f) => f.uid === change.uid);
      if (!target) return answerJson(response, 400, squareError("INVALID_REQUEST_ERROR", "NOT_FOUND", `No fulfillment ${String(change.uid)}`, "order.fulfillments"));
      const { shipment_details, ...rest } = change as { shipment_details?: Record<string, unknown> };
      Object.assign(target, rest);
      if (shipment_details) target.shipment_details = { ...(target.shipment_details as object), ...shipment_details };
    }
    order.version += 1;
    return answerJson(response, 200, { order });
  });

  return {
    ...server,
    updates,
    order: (id: string) => orders.get(id),
    /** The next `times` requests answer `status` with a Square error body. */
    failNext(status: number, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
  };
}
