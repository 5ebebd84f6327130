import type { Actor } from "../actor";
import type { ChannelConnection } from "./connections";

const KIND_LABEL = { SHOPIFY: "Shopify", SQUARE: "Square", EDI: "EDI" } as const;

/** The actor a channel acts as: an operator's rights (channel prices are the prices), named after the connection on the timeline. */
export function channelActor(connection: ChannelConnection): Actor {
  return { userId: null, workspaceId: connection.workspaceId, role: "operator", accountId: null, label: `${connection.name} (${KIND_LABEL[connection.kind]})` };
}
