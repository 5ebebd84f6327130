import type { z } from "zod";
import type { FieldIssue } from "../../domain/errors";
import { badInputFrom } from "../../services/input";

// What a channel mapping answers: the value, or every field of the channel's message that is
// wrong, named as the channel names it (`shipping_address.zip`, `line_items[2].quantity`), so the
// intake log shows the merchant where to look in their own admin.

export type ChannelResult<T> = ({ ok: true } & T) | { ok: false; errors: FieldIssue[] };

export function refused(field: string, message: string): { ok: false; errors: FieldIssue[] } {
  return { ok: false, errors: [{ field, message }] };
}

/** The schema's issues as field errors, each field renamed by `rename` (Square's SDK is camelCase; its docs are not). */
export function zodRefusal(error: z.ZodError, rename: (field: string) => string = (f) => f): { ok: false; errors: FieldIssue[] } {
  return { ok: false, errors: badInputFrom(error).issues.map((i) => ({ field: rename(i.field), message: i.message })) };
}
