import fc from "fast-check";

// Inputs generated from a documented JSON Schema (the same zod schemas REST and MCP list), for
// the property tests of both transports: values the schema allows, biased to real SKUs, codes and
// ids so that most reach the services' rules, and mutations of them that no schema allows.

export type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[]; maxLength?: number; minimum?: number; maximum?: number; maxItems?: number; anyOf?: Schema[]; oneOf?: Schema[]; default?: unknown };

/** Real ids an input may name (an order, a fulfillment and its pick line), so generated inputs reach the services' rules. */
export interface RealIds {
  fulfillmentId: string;
  reservationId: string;
  orderId?: string;
  orderNumber?: string;
  endpointId?: string;
  deliveryId?: string;
}

/** Values a body's schema describes (JSON Schema from the same zod schema), biased to real SKUs, codes and ids. */
export function fromSchema(schema: Schema, real: RealIds, name = ""): fc.Arbitrary<unknown> {
  if ((name === "fulfillmentIds" || name === "fulfillmentId") && schema.type === "string") return fc.oneof({ weight: 4, arbitrary: fc.constant(real.fulfillmentId) }, { weight: 1, arbitrary: fc.uuid() });
  if (name === "orderId" && real.orderId) return fc.oneof({ weight: 4, arbitrary: fc.constant(real.orderId) }, { weight: 1, arbitrary: fc.uuid() });
  if ((name === "number" || name === "orderNumber") && real.orderNumber) return fc.oneof({ weight: 4, arbitrary: fc.constant(real.orderNumber) }, { weight: 1, arbitrary: fc.stringMatching(/^[A-Z0-9-]{1,20}$/) });
  // Order list ranges: today (a day or a time an hour ago), sometimes a day long past or no date at all.
  if (name === "receivedFrom" || name === "receivedTo") return fc.constantFrom(new Date().toISOString().slice(0, 10), new Date(Date.now() - 3_600_000).toISOString(), "2000-01-01", "2026-02-30");
  if (name === "channelReference") return fc.constantFrom("#1001", "PO-P", "");
  if (name === "reservationId") return fc.oneof({ weight: 4, arbitrary: fc.constant(real.reservationId) }, { weight: 1, arbitrary: fc.uuid() });
  // "One of these fields" (an order by id or by number): each variant with its field, without the others'.
  if (schema.oneOf?.every((v) => Object.keys(v).join() === "required")) {
    const variants = schema.oneOf.map((v) => v.required ?? []);
    const named = new Set(variants.flat());
    return fc.oneof(
      ...variants.map((only) => {
        const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([k]) => !named.has(k) || only.includes(k)));
        return fromSchema({ ...schema, oneOf: undefined, properties, required: [...(schema.required ?? []), ...only] }, real, name);
      }),
    );
  }
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => fromSchema(s, real, name)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      // Optional fields now and then, so that most bodies reach the service's own rules.
      const fields = Object.entries(props).map(([k, s]) => [k, required.has(k) ? fromSchema(s, real, k) : fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fromSchema(s, real, k) })] as const);
      return fc.record(Object.fromEntries(fields)).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
    }
    case "array":
      return fc.array(fromSchema(schema.items ?? {}, real, name), { minLength: 1, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case "integer":
      if (name === "quantity" || name === "found") return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...[0, 1, 2].filter((n) => n >= (schema.minimum ?? 0))) }, { weight: 1, arbitrary: fc.integer({ min: -10, max: 1_000 }) });
      return fc.integer({ min: Math.max(schema.minimum ?? -10, -10), max: Math.min(schema.maximum ?? 1_000, 1_000) });
    case "number":
      return fc.double({ noNaN: true, min: -10, max: 1_000 });
    case "boolean":
      return fc.boolean();
    case "string":
      // Real values three times in four: a property with few runs still reaches the services' rules.
      if (name === "sku") return fc.constantFrom("SERUM", "SERUM", "SERUM", "NOPE");
      if (name === "accountCode") return fc.constantFrom("ACME", "OTHER", "NOPE");
      if (name === "country") return fc.constantFrom("US", "US", "us", "USA");
      if (name === "customerEmail") return fc.constantFrom("buyer@example.com", "buyer@example.com", "not an address");
      if (name === "warehouseCode") return fc.constantFrom("DC-T", "DC-NOPE");
      if (name === "lotCode") return fc.constantFrom("S1", "S1", "S1", "NOPE");
      if (name === "binCode") return fc.constantFrom("A-01", "Z-99");
      if (name === "carrierCode") return fc.constantFrom("UPS", "FEDEX", "NOPE");
      if (name === "serviceCode") return fc.constantFrom("GROUND", "NOPE");
      if (name === "trackingNumber") return fc.constantFrom("1ZPROP0001", "1ZPROP0001", "1ZPROP0001", "1Z");
      // Instants (dispatchedAt, deliveredAt…): mostly a real one, sometimes words.
      if (/At$/.test(name)) return fc.constantFrom(...Array<string>(3).fill(new Date(Date.now() - 60_000).toISOString()), "yesterday");
      // Subscriptions: mostly URLs and types that pass (http only to this machine, allowed in tests), sometimes not.
      if (name === "url") return fc.constantFrom("https://example.com/hooks", "https://example.com/hooks", "http://127.0.0.1:9/hooks", "ftp://example.com/hooks", "not a url");
      if (name === "eventTypes") return fc.constantFrom("dcm.order.*", "scm.fulfillment.shipped", "not a type");
      if (name === "since") return fc.constantFrom(...Array<string>(3).fill(new Date(Date.now() - 3_600_000).toISOString()), "2099-01-01T00:00:00Z", "yesterday");
      if (/date|start/i.test(name)) return fc.constantFrom("2099-01-05", "2099-01-05", "2000-01-01", "2026-02-30");
      if (/end/i.test(name)) return fc.constantFrom("2099-01-20", "2099-01-20", "2099-01-01");
      // Mostly plain words (so bodies get past the schema to the service), sometimes anything.
      return fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 -]{0,19}$/) }, { weight: 1, arbitrary: fc.string({ maxLength: Math.min(schema.maxLength ?? 20, 20) }) });
    default:
      return fc.anything();
  }
}

/** A body made worse: a field of the wrong type, a field missing, huge strings or numbers, 10,000 lines. */
export function mutated(body: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(fc.constant(null), fc.constant([]), fc.constant({}), fc.constant("x"), fc.constant(-1), fc.constant(1e308), fc.constant(2 ** 53), fc.constant(true), fc.constant("\u0000"));
  return fc.tuple(body, fc.nat(), wrong, fc.constantFrom("wrongType", "missing", "hugeString", "hugeNumber", "tenThousandLines")).map(([b, i, value, how]) => {
    if (typeof b !== "object" || b === null || Array.isArray(b)) return value;
    const copy: Record<string, unknown> = { ...(b as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const key = keys.length ? keys[i % keys.length]! : "version";
    if (how === "wrongType") copy[key] = value;
    if (how === "missing") delete copy[key];
    if (how === "hugeString") copy[key] = "é".repeat(100_000);
    if (how === "hugeNumber") copy[key] = 10 ** (i % 400);
    if (how === "tenThousandLines") copy.lines = Array.from({ length: 10_000 }, () => ({ sku: "SERUM", quantity: 1 }));
    return copy;
  });
}
