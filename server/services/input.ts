import type { z } from "zod";
import { BadInput } from "../domain/errors";

/** lines.0.sku → lines[0].sku: the field as a person reads it. */
function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "input";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
}

/**
 * Every command validates its own input, so tRPC, REST and MCP callers get the same field-level
 * errors before anything is read or written.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw badInputFrom(result.error);
  return result.data;
}

/** The same field-level error, whoever validated first (a service, or tRPC's input parser). */
export function badInputFrom(error: z.ZodError): BadInput {
  return new BadInput(error.issues.map((i) => ({ field: fieldName(i.path), message: i.message })));
}
