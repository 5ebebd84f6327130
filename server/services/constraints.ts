import { BadInput, type DomainError } from "../domain/errors";

// Two saves racing for the same code both pass the service's own "already exists" check; the
// unique index refuses the second. That is the same refusal, not an unexpected failure.
const UNIQUE_FIELD: Record<string, string> = {
  products_workspace_sku: "sku",
  lots_product_code: "lotCode",
  carriers_workspace_code: "code",
  carrier_services_carrier_code: "services",
  warehouses_workspace_code: "code",
  bins_warehouse_code: "code",
  accounts_workspace_code: "code",
  users_workspace_email: "email",
  shipments_carrier_tracking: "trackingNumber",
  // saveChannelConnection has no check of its own for these: the index is the only refusal.
  channel_connections_workspace_name: "name",
  channel_connections_partner: "partnerId",
};

/** A unique-index refusal as the field error the service would have given, or null. */
export function constraintRefusal(error: unknown): DomainError | null {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (code === "23505" && typeof constraint === "string" && UNIQUE_FIELD[constraint]) {
      return BadInput.field(UNIQUE_FIELD[constraint], "is already in use (it was saved a moment ago)");
    }
  }
  return null;
}
