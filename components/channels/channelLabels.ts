import type { ChannelKind, IntakeStatus } from "@/server/domain/channels";

/** What each kind of connection is, in the words of the person connecting it. */
export const CHANNEL_KIND_LABEL: Record<ChannelKind, string> = { SHOPIFY: "Shopify store", SQUARE: "Square location", EDI: "EDI trading partner" };

export const CHANNEL_KIND_SHORT: Record<ChannelKind, string> = { SHOPIFY: "Shopify", SQUARE: "Square", EDI: "EDI" };

export const INTAKE_STATUS_COLOR: Record<IntakeStatus, string> = {
  RECEIVED: "bg-sky-100 text-sky-800",
  CREATED: "bg-emerald-100 text-emerald-800",
  AMENDED: "bg-violet-100 text-violet-800",
  CANCELLED: "bg-slate-200 text-slate-700",
  DUPLICATE: "bg-slate-100 text-slate-600",
  IGNORED: "bg-slate-100 text-slate-600",
  PARTIAL: "bg-amber-100 text-amber-800",
  REJECTED: "bg-rose-100 text-rose-800",
};

/** "line 2: unknown SKU R5656-2 (Rose serum)" → the channel's key, for a "Map SKU" form; null for any other reason. */
export function unknownSkuOf(reason: string): { channelKey: string; title: string | null } | null {
  const match = /^line \S+: unknown SKU (.+?)(?: \((.*)\))?$/.exec(reason);
  if (!match || match[1] === "(none given)") return null;
  return { channelKey: match[1]!, title: match[2] ?? null };
}
