import { initTRPC, TRPCError } from "@trpc/server";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { Database } from "../../db/client";
import { BadInput, DomainError, Forbidden, Unauthenticated } from "../domain/errors";
import type { Role } from "../domain/permissions";
import type { Actor } from "../services/actor";
import { MAX_BATCH_CALLS } from "../domain/limits";
import { badInputFrom, nulIssue } from "../services/input";
import { constraintRefusal } from "../services/constraints";
import { ERROR_CODES } from "./errorCodes";
import { reportUnexpected } from "./unexpectedError";

export interface Context {
  db: Database;
  actor: Actor | null;
}

function domainCause(error: TRPCError): DomainError | null {
  if (error.cause instanceof DomainError) return error.cause;
  if (error.cause instanceof ZodError) return badInputFrom(error.cause);
  const constraint = constraintRefusal(error.cause);
  if (constraint) return constraint;
  if (error.code === "PARSE_ERROR" || error.cause instanceof SyntaxError) return BadInput.field("input", "is not valid JSON");
  return null;
}

/**
 * The only value types our inputs carry through superjson: dates, and undefined fields. Anything
 * else in `meta` is refused before superjson reads it: some shapes send its traversal into
 * endless recursion, a cheap way for anyone to stall the server.
 */
const INPUT_META = z
  .object({
    values: z.union([z.tuple([z.enum(["Date", "undefined"])]), z.record(z.string().max(500), z.tuple([z.enum(["Date", "undefined"])]))]).optional(),
    v: z.number().int().optional(),
  })
  .strict()
  .refine((meta) => !meta.values || Array.isArray(meta.values) || Object.keys(meta.values).length <= 1_000);

const inputTransformer = {
  serialize: superjson.serialize,
  deserialize(input: unknown) {
    const meta = input && typeof input === "object" ? (input as { meta?: unknown }).meta : undefined;
    if (meta !== undefined && !INPUT_META.safeParse(meta).success) throw BadInput.field("input", "carries value types the API does not take (only dates)");
    return superjson.deserialize(input as Parameters<typeof superjson.deserialize>[0]);
  },
};

/** tRPC's own refusal of an oversized batch (fetchRequestHandler's maxBatchSize), which names no limit. */
const BATCH_TOO_BIG = "Batch call exceeds maximum size";

const t = initTRPC.context<Context>().create({
  transformer: { input: inputTransformer, output: superjson },
  // Domain errors carry their own code and message; map them here once (tRPC code, HTTP status).
  // Anything unexpected is reported under a request id and answers nothing else. No stack, ever.
  errorFormatter({ shape, error, path }) {
    const { stack: _stack, ...data } = shape.data;
    const domain = domainCause(error);
    if (domain) {
      const mapped = ERROR_CODES[domain.code];
      return {
        ...shape,
        message: domain.message,
        code: TRPC_ERROR_CODES_BY_KEY[mapped.trpc],
        data: { ...data, code: mapped.trpc, httpStatus: mapped.http, domainCode: domain.code, details: domain.details },
      };
    }
    if (error.code === "INTERNAL_SERVER_ERROR") {
      const { requestId, message } = reportUnexpected(error.cause ?? error, `tRPC ${path ?? "request"}`);
      return { ...shape, message, data: { ...data, requestId } };
    }
    if (error.message === BATCH_TOO_BIG) return { ...shape, message: `A batch may hold at most ${MAX_BATCH_CALLS} calls.`, data };
    return { ...shape, data };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Before any input parser: no NUL anywhere in an input, whatever its schema says, naming the field. */
export const publicProcedure = t.procedure.use(async ({ getRawInput, next }) => {
  const issue = nulIssue(await getRawInput());
  if (issue) throw new TRPCError({ code: "BAD_REQUEST", message: issue.message, cause: issue });
  return next();
});

export const signedInProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first.", cause: new Unauthenticated() });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

function roleProcedure(...roles: Role[]) {
  return signedInProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.actor.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `A ${ctx.actor.role} may not do this.`, cause: new Forbidden(ctx.actor.role, "do this") });
    }
    return next();
  });
}

/** Warehouse work: admins and operators. Services check again, for REST and MCP callers. */
export const staffProcedure = roleProcedure("admin", "operator");
export const adminProcedure = roleProcedure("admin");
