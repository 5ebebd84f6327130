import { answerJson, startLoopback } from "./loopbackServer";

// Shopify's Admin GraphQL endpoint as far as tracking needs it: the fulfillment orders of an
// order, and fulfillmentCreate. It refuses a request of the wrong shape the way a test can see
// (400 with `fakeError`), answers as Shopify documents, and can be told to fail.

export interface FakeFulfillmentOrderLine {
  id: string;
  remainingQuantity: number;
  sku: string | null;
  variantId: string | null;
}
export interface FakeFulfillmentOrder {
  id: string;
  status: string;
  lines: FakeFulfillmentOrderLine[];
}

export interface FakeShopifyOptions {
  accessToken: string;
  apiVersion: string;
  /** Fulfillment orders by order gid (`gid://shopify/Order/…`). */
  orders: Record<string, FakeFulfillmentOrder[]>;
}

export interface GraphqlCall {
  operation: "fulfillmentOrders" | "fulfillmentCreate";
  variables: Record<string, unknown>;
}

type Failure = { kind: "http"; status: number } | { kind: "userErrors"; message: string } | { kind: "throttled" };

export async function startFakeShopify(options: FakeShopifyOptions) {
  const calls: GraphqlCall[] = [];
  const failures: Failure[] = [];
  const created: { id: string; variables: Record<string, unknown> }[] = [];

  const server = await startLoopback((request, response) => {
    if (request.method !== "POST" || request.path !== `/admin/api/${options.apiVersion}/graphql.json`) {
      return answerJson(response, 404, { errors: "Not Found", fakeError: `${request.method} ${request.path}` });
    }
    if (request.headers["x-shopify-access-token"] !== options.accessToken) {
      return answerJson(response, 401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    }
    if (!String(request.headers["content-type"]).startsWith("application/json")) return answerJson(response, 400, { fakeError: "not JSON" });
    const { query, variables } = JSON.parse(request.body) as { query: string; variables: Record<string, unknown> };
    const operation = /fulfillmentCreate\(fulfillment: \$fulfillment\)/.test(query)
      ? "fulfillmentCreate"
      : /order\(id: \$id\)[\s\S]*fulfillmentOrders/.test(query)
        ? "fulfillmentOrders"
        : null;
    if (!operation) return answerJson(response, 400, { fakeError: `unexpected operation: ${query}` });
    calls.push({ operation, variables });

    // userErrors can only answer a fulfillmentCreate: a query before it passes and leaves the failure waiting.
    const failure = failures[0]?.kind === "userErrors" && operation !== "fulfillmentCreate" ? undefined : failures.shift();
    if (failure?.kind === "http") return answerJson(response, failure.status, { errors: "Internal Server Error" });
    if (failure?.kind === "throttled") return answerJson(response, 200, { errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] });

    if (operation === "fulfillmentOrders") {
      const id = String(variables.id);
      if (!/^gid:\/\/shopify\/Order\/\d+$/.test(id)) return answerJson(response, 200, { errors: [{ message: `Invalid global id '${id}'` }] });
      const fos = options.orders[id];
      const order = fos && {
        id,
        fulfillmentOrders: {
          nodes: fos.map((fo) => ({
            id: fo.id,
            status: fo.status,
            lineItems: {
              nodes: fo.lines.map((l) => ({ id: l.id, remainingQuantity: l.remainingQuantity, sku: l.sku, variant: l.variantId ? { id: l.variantId } : null })),
            },
          })),
        },
      };
      return answerJson(response, 200, { data: { order: order ?? null } });
    }

    const userError = (message: string) =>
      answerJson(response, 200, { data: { fulfillmentCreate: { fulfillment: null, userErrors: [{ field: ["fulfillment"], message }] } } });
    if (failure?.kind === "userErrors") return userError(failure.message);
    const input = variables.fulfillment as {
      lineItemsByFulfillmentOrder?: { fulfillmentOrderId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] }[];
      trackingInfo?: { company?: string; number?: string; url?: string };
      notifyCustomer?: boolean;
    };
    if (!Array.isArray(input?.lineItemsByFulfillmentOrder) || input.lineItemsByFulfillmentOrder.length === 0) {
      return answerJson(response, 200, { errors: [{ message: "Variable $fulfillment of type FulfillmentInput! was provided invalid value for lineItemsByFulfillmentOrder" }] });
    }
    const all = Object.values(options.orders).flat();
    for (const entry of input.lineItemsByFulfillmentOrder) {
      const fo = all.find((f) => f.id === entry.fulfillmentOrderId);
      if (!fo || (fo.status !== "OPEN" && fo.status !== "IN_PROGRESS")) return userError(`Fulfillment order ${entry.fulfillmentOrderId} is not open`);
      for (const item of entry.fulfillmentOrderLineItems ?? fo.lines.map((l) => ({ id: l.id, quantity: l.remainingQuantity }))) {
        const line = fo.lines.find((l) => l.id === item.id);
        if (!line || item.quantity > line.remainingQuantity) return userError(`Invalid fulfillment order line item quantity requested for ${item.id}`);
        line.remainingQuantity -= item.quantity;
      }
      fo.status = fo.lines.every((l) => l.remainingQuantity === 0) ? "CLOSED" : "IN_PROGRESS";
    }
    const id = `gid://shopify/Fulfillment/${created.length + 1}`;
    created.push({ id, variables });
    return answerJson(response, 200, { data: { fulfillmentCreate: { fulfillment: { id, status: "SUCCESS" }, userErrors: [] } } });
  });

  return {
    ...server,
    calls,
    created,
    /** The next `times` calls fail this way, in order (userErrors: the next fulfillmentCreate calls). */
    failNext(failure: Failure, times = 1) {
      for (let i = 0; i < times; i++) failures.push(failure);
    },
  };
}
