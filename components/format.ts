// Display helpers: times in the workspace's own time zone.

export function formatDateTime(value: Date, timeZone: string, { seconds = false }: { seconds?: boolean } = {}): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", ...(seconds ? { second: "2-digit" } : {}), hourCycle: "h23" }).format(value);
}

export function formatTime(value: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(value);
}

export function humanize(value: string): string {
  return value.replaceAll("_", " ").toLowerCase().replace(/^\w/, (c) => c.toUpperCase());
}

const EVENT_TITLES: Record<string, string> = {
  "dcm.order.received": "Received",
  "scm.inventory.reserved": "Stock reserved",
  "scm.inventory.released": "Stock released",
  "scm.fulfillment.created": "Fulfillment opened",
  "scm.fulfillment.cancelled": "Fulfillment cancelled",
  "scm.fulfillment.picked": "Picked",
  "scm.shipment.in_transit": "In transit",
  "scm.shipment.out_for_delivery": "Out for delivery",
  "scm.shipment.failed": "Delivery failed",
  "finance.invoice.issued": "Invoice issued",
};

/** A timeline entry's title: named events first, otherwise the state the subject entered. */
export function eventTitle(event: { type: string; toState: string | null; payload: Record<string, unknown> }): string {
  const title = EVENT_TITLES[event.type] ?? (event.toState ? humanize(event.toState) : event.type);
  const units = (event.payload.reservations as { quantity: number }[] | undefined)?.reduce((n, r) => n + r.quantity, 0) ?? (event.payload.quantity as number | undefined);
  return typeof units === "number" ? `${title} · ${units} unit${units === 1 ? "" : "s"}` : title;
}

/** How long ago, as an operator glances at it: 45m, 5h, 3d. */
export function formatAge(since: Date, now = new Date()): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}h`;
  return `${Math.floor(minutes / (24 * 60))}d`;
}
