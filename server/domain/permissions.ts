import { Forbidden } from "./errors";

export const ROLES = ["admin", "operator", "customer"] as const;
export type Role = (typeof ROLES)[number];

/** What each role may do. Customers act only on their own account's orders (checked by the query). */
const COMMANDS = {
  "order.read": ["admin", "operator", "customer"],
  "order.create": ["admin", "operator", "customer"],
  /** Prices other than the price list, terms other than the account's (with a reason on the timeline). */
  "order.override_terms": ["admin", "operator"],
  /** Pinning a line to a lot: lot codes and their QC state are the warehouse's business. */
  "order.pin_lot": ["admin", "operator"],
  "order.cancel": ["admin", "operator", "customer"],
  "order.allocate": ["admin", "operator"],
  "order.release": ["admin", "operator"],
  "order.queue": ["admin", "operator"],
  "board.read": ["admin", "operator"],
  /** What needs a person now (short picks, unusable lots, failed deliveries, rejected intake, failing channel sends). */
  "exception.read": ["admin", "operator"],
  /** The loop event feed; a customer's is narrowed to their account's orders by the query. */
  "event.read": ["admin", "operator", "customer"],
  "fulfillment.read": ["admin", "operator"],
  "fulfillment.pick": ["admin", "operator"],
  "fulfillment.pack": ["admin", "operator"],
  "fulfillment.ship": ["admin", "operator"],
  "fulfillment.deliver": ["admin", "operator"],
  "fulfillment.cancel": ["admin", "operator"],
  "inventory.read": ["admin", "operator"],
  "inventory.receive": ["admin", "operator"],
  "lot.qc": ["admin"],
  /** The intake log of channel messages, and replaying one once its cause is fixed. */
  "intake.read": ["admin", "operator"],
  "intake.replay": ["admin", "operator"],
  /** Mapping a channel's item to a product: how an operator fixes "unknown SKU". */
  "channel.map_sku": ["admin", "operator"],
  "admin.manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Command = keyof typeof COMMANDS;

export function can(role: Role, command: Command): boolean {
  return (COMMANDS[command] as readonly Role[]).includes(role);
}

export function assertCan(role: Role, command: Command): void {
  if (!can(role, command)) throw new Forbidden(role, command.replace(".", " "));
}
