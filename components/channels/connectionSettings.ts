import type { ConnectionSettings } from "./ChannelConnectionForm";

interface Stored extends Omit<ConnectionSettings, "warehouseCode" | "accountCode"> {
  warehouseId: string | null;
  accountId: string | null;
}

/** A connection as its form edits it: the warehouse and account by code, as the command takes them. */
export function connectionSettings(c: Stored, warehouses: { id: string; code: string }[], accounts: { id: string; code: string }[]): ConnectionSettings {
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    enabled: c.enabled,
    warehouseCode: warehouses.find((w) => w.id === c.warehouseId)?.code ?? null,
    unknownSkuPolicy: c.unknownSkuPolicy,
    hasSigningSecret: c.hasSigningSecret,
    hasAccessToken: c.hasAccessToken,
    apiBaseUrl: c.apiBaseUrl,
    shopDomain: c.shopDomain,
    locationId: c.locationId,
    notificationUrl: c.notificationUrl,
    accountCode: accounts.find((a) => a.id === c.accountId)?.code ?? null,
    partnerQualifier: c.partnerQualifier,
    partnerId: c.partnerId,
    ourQualifier: c.ourQualifier,
    ourId: c.ourId,
    wants856: c.wants856,
    wants810: c.wants810,
  };
}

/** Where the platform sends this connection's messages: what the admin pastes into it. */
export function webhookAddressOf(origin: string, c: { id: string; kind: ConnectionSettings["kind"] }): string {
  if (c.kind === "SHOPIFY") return `${origin}/api/channels/shopify/${c.id}`;
  if (c.kind === "SQUARE") return `${origin}/api/channels/square/${c.id}`;
  return `${origin}/api/v1/edi/inbound`;
}
