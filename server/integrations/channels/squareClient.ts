import { createHash } from "node:crypto";
import { type Square, SquareClient, SquareEnvironment, SquareError, SquareTimeoutError } from "square";
import { CHANNEL_CALL_TIMEOUT_MS, ChannelPushError } from "./pushError";

// Square's Orders API through its official SDK (`square`, pinned): RetrieveOrder to read an order
// a notification named, UpdateOrder to mark its shipment shipped with tracking. The SDK takes a
// base URL, so tests point it at a loopback fake. Its own retries are off: the caller's outbox
// retries, and two layers of retries would hide how often Square failed.

export interface SquareConnection {
  /** Square's API root; production (`https://connect.squareup.com`) unless set (sandbox, a test fake). */
  baseUrl?: string;
  accessToken: string;
}

export interface SquareTracking {
  orderId: string;
  locationId: string;
  carrier: string;
  trackingNumber: string;
  trackingUrl?: string;
}

export interface SquareTrackingResult {
  fulfillmentUid: string;
  /** The order's version after the update (or as found, when it was shipped already). */
  version: number | undefined;
  alreadyShipped: boolean;
}

function client(connection: SquareConnection): SquareClient {
  return new SquareClient({
    token: connection.accessToken,
    baseUrl: connection.baseUrl ?? SquareEnvironment.Production,
    maxRetries: 0,
    timeoutInSeconds: CHANNEL_CALL_TIMEOUT_MS / 1000,
  });
}

/** The SDK's failure as ours: Square's error codes in the message, retryable where another try can help. */
function pushError(what: string, e: unknown): ChannelPushError {
  if (e instanceof ChannelPushError) return e;
  if (e instanceof SquareTimeoutError) return new ChannelPushError(`${what}: Square did not answer in time`, true);
  if (e instanceof SquareError) {
    const status = e.statusCode ?? null;
    const codes = e.errors.map((x) => [x.code, x.field, x.detail].filter(Boolean).join(" "));
    // VERSION_MISMATCH: someone changed the order between our read and our update; a retry re-reads it.
    const retryable = status === null || status === 408 || status === 429 || status >= 500 || e.errors.some((x) => x.code === "VERSION_MISMATCH");
    return new ChannelPushError(`${what}: Square answered ${status ?? "no status"}: ${codes.join("; ") || e.message}`, retryable, status, e.errors);
  }
  return new ChannelPushError(`${what}: ${(e as Error).message}`, true);
}

/** RetrieveOrder (GET /v2/orders/{order_id}). */
export async function fetchSquareOrder(connection: SquareConnection, orderId: string): Promise<Square.Order> {
  const what = `reading Square order ${orderId}`;
  try {
    const { order } = await client(connection).orders.get({ orderId });
    if (!order) throw new ChannelPushError(`${what}: Square answered without the order`, true);
    return order;
  } catch (e) {
    throw pushError(what, e);
  }
}

const OVER = new Set(["COMPLETED", "CANCELED", "FAILED"]);

/**
 * Marks the order's shipment fulfillment shipped: UpdateOrder at the version just read, the
 * fulfillment moved to COMPLETED (Square's `shipped_at` is the moment a shipment reaches
 * COMPLETED) with carrier, tracking number and URL. A retry that finds it shipped with the same
 * tracking number is a success.
 */
export async function pushSquareTracking(connection: SquareConnection, tracking: SquareTracking): Promise<SquareTrackingResult> {
  const order = await fetchSquareOrder(connection, tracking.orderId);
  const what = `sending tracking to Square order ${tracking.orderId}`;
  if (order.locationId !== tracking.locationId) {
    throw new ChannelPushError(`${what}: the order belongs to location ${order.locationId}, not ${tracking.locationId}`, false);
  }
  const shipments = (order.fulfillments ?? []).filter((f) => f.type === "SHIPMENT" && f.uid);
  const done = shipments.find((f) => f.state === "COMPLETED" && f.shipmentDetails?.trackingNumber === tracking.trackingNumber);
  if (done) return { fulfillmentUid: done.uid!, version: order.version, alreadyShipped: true };
  const open = shipments.find((f) => !OVER.has(f.state ?? ""));
  if (!open) throw new ChannelPushError(`${what}: the order has no open shipment fulfillment`, false);
  if (order.state !== "OPEN") throw new ChannelPushError(`${what}: the order is ${order.state}, and only an OPEN order can be updated`, false);

  try {
    const { order: updated } = await client(connection).orders.update({
      orderId: tracking.orderId,
      order: {
        locationId: tracking.locationId,
        version: order.version,
        fulfillments: [
          {
            uid: open.uid,
            state: "COMPLETED",
            shipmentDetails: { carrier: tracking.carrier, trackingNumber: tracking.trackingNumber, trackingUrl: tracking.trackingUrl },
          },
        ],
      },
      // The same update, retried, is the same request to Square.
      idempotencyKey: createHash("sha256").update(`${tracking.orderId}|${open.uid}|${order.version}|${tracking.trackingNumber}`).digest("hex"),
    });
    return { fulfillmentUid: open.uid!, version: updated?.version, alreadyShipped: false };
  } catch (e) {
    throw pushError(what, e);
  }
}
