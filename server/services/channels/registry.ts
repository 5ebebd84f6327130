import type { ChannelKind, ChannelOutboxAction } from "../../domain/channels";
import type { ChannelAdapter } from "./adapters";
import { EDI_WORK, ediAdapter } from "./edi";
import type { ChannelWork } from "./outbox";
import { PLATFORM_WORK, shopifyAdapter, squareAdapter } from "./platforms";

/** Each kind's adapter, looked up when a message is processed (not at import: the adapters import the intake). */
export function adapterFor(kind: ChannelKind): ChannelAdapter {
  return { SHOPIFY: shopifyAdapter, SQUARE: squareAdapter, EDI: ediAdapter }[kind];
}

/** What each outbox action does. */
export function channelWork(): Record<ChannelOutboxAction, ChannelWork> {
  return { ...PLATFORM_WORK, ...EDI_WORK };
}
