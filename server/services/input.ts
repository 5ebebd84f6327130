import type { z } from "zod";
import { BadInput } from "../domain/errors";
import { MAX_INT4, MAX_TEXT_ANYWHERE } from "../domain/limits";

/** lines.0.sku → lines[0].sku: the field as a person reads it. */
function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "input";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
}

/** The first field (walked without recursion, so deep nesting cannot overflow the stack) that `check` refuses. */
function firstIssue(input: unknown, check: (value: unknown, field: string) => BadInput | null): BadInput | null {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    const issue = check(value, fieldName(path));
    if (issue) return issue;
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
    else if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
      for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
    }
  }
  return null;
}

const nul = (value: unknown, field: string) => (typeof value === "string" && value.includes("\u0000") ? BadInput.field(field, "must not contain NUL characters") : null);

/** NUL anywhere in an input (Postgres refuses it in text): checked before any parser sees it. */
export function nulIssue(input: unknown): BadInput | null {
  return firstIssue(input, nul);
}

/**
 * The net under every schema, after it: whatever a schema forgets, no string may hold NUL or run
 * past MAX_TEXT_ANYWHERE (but the `longText` fields a schema bounds itself), and no number may be
 * beyond what an int4 column holds.
 */
export function inputNetIssue(input: unknown, longText: readonly string[] = []): BadInput | null {
  return firstIssue(input, (value, field) => {
    if (typeof value === "string" && value.length > MAX_TEXT_ANYWHERE && !longText.includes(field)) return BadInput.field(field, `must be at most ${MAX_TEXT_ANYWHERE.toLocaleString("en-US")} characters`);
    if (typeof value === "number" && (!Number.isFinite(value) || Math.abs(value) > MAX_INT4)) return BadInput.field(field, `must be a number between ${(-MAX_INT4).toLocaleString("en-US")} and ${MAX_INT4.toLocaleString("en-US")}`);
    return nul(value, field);
  });
}

/**
 * Every command validates its own input, so tRPC, REST and MCP callers get the same field-level
 * errors before anything is read or written.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, longText: readonly string[] = []): z.output<S> {
  // The schema speaks first: its messages are the specific ones ("at most 1,000,000").
  const result = schema.safeParse(input);
  if (!result.success) throw badInputFrom(result.error);
  // `longText` names top-level fields whose schema allows more than the net (an X12 interchange): their schema bounds them.
  const net = inputNetIssue(input, longText);
  if (net) throw net;
  return result.data;
}

/** The same field-level error, whoever validated first (a service, or tRPC's input parser). */
export function badInputFrom(error: z.ZodError): BadInput {
  return new BadInput(error.issues.map((i) => ({ field: fieldName(i.path), message: i.message })));
}
