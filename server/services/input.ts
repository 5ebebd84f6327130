import type { z } from "zod";
import { BadInput } from "../domain/errors";
import { MAX_INT4, MAX_TEXT_ANYWHERE } from "../domain/limits";

/** lines.0.sku → lines[0].sku: the field as a person reads it. */
function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "input";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
}

/**
 * The net under every schema: whatever a schema forgets, no string anywhere in an input may hold
 * NUL (Postgres refuses it in text) or run past MAX_TEXT_ANYWHERE, and no number may be beyond
 * what an int4 column holds. Walked without recursion, so a deeply nested body cannot overflow
 * the stack; returns the first offending field.
 */
export function inputNetIssue(input: unknown): BadInput | null {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      if (value.includes("\u0000")) return BadInput.field(fieldName(path), "must not contain NUL characters");
      if (value.length > MAX_TEXT_ANYWHERE) return BadInput.field(fieldName(path), `must be at most ${MAX_TEXT_ANYWHERE.toLocaleString("en-US")} characters`);
    } else if (typeof value === "number") {
      if (!Number.isFinite(value) || Math.abs(value) > MAX_INT4) return BadInput.field(fieldName(path), `must be a number between ${(-MAX_INT4).toLocaleString("en-US")} and ${MAX_INT4.toLocaleString("en-US")}`);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
    } else if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
      for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
    }
  }
  return null;
}

/**
 * Every command validates its own input, so tRPC, REST and MCP callers get the same field-level
 * errors before anything is read or written.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const net = inputNetIssue(input);
  if (net) throw net;
  const result = schema.safeParse(input);
  if (!result.success) throw badInputFrom(result.error);
  return result.data;
}

/** The same field-level error, whoever validated first (a service, or tRPC's input parser). */
export function badInputFrom(error: z.ZodError): BadInput {
  return new BadInput(error.issues.map((i) => ({ field: fieldName(i.path), message: i.message })));
}
