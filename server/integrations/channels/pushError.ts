// Why sending tracking back to a channel failed. The caller's outbox retries; `retryable` tells
// it whether another try can help (a 5xx, a throttle, a network error) or a person must act
// (a revoked token, an unknown order, the channel refusing the fulfillment).

export class ChannelPushError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = "ChannelPushError";
  }

  /** 408, 429 and 5xx may pass on another try; other statuses will not. */
  static fromStatus(what: string, status: number, body: string): ChannelPushError {
    const retryable = status === 408 || status === 429 || status >= 500;
    return new ChannelPushError(`${what} answered HTTP ${status}: ${body.slice(0, 500)}`, retryable, status, body.slice(0, 2_000));
  }
}

/** How long one call to a channel may take. */
export const CHANNEL_CALL_TIMEOUT_MS = 15_000;
