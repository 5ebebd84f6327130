import { initTRPC, TRPCError } from "@trpc/server";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Database } from "../../db/client";
import { DomainError, Forbidden, Unauthenticated } from "../domain/errors";
import type { Role } from "../domain/permissions";
import type { Actor } from "../services/actor";
import { badInputFrom } from "../services/input";
import { ERROR_CODES } from "./errorCodes";

export interface Context {
  db: Database;
  actor: Actor | null;
}

function domainCause(error: TRPCError): DomainError | null {
  if (error.cause instanceof DomainError) return error.cause;
  if (error.cause instanceof ZodError) return badInputFrom(error.cause);
  return null;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Domain errors carry their own code and message; map them here once (tRPC code, HTTP status).
  errorFormatter({ shape, error }) {
    const domain = domainCause(error);
    if (!domain) return shape;
    const mapped = ERROR_CODES[domain.code];
    return {
      ...shape,
      message: domain.message,
      code: TRPC_ERROR_CODES_BY_KEY[mapped.trpc],
      data: { ...shape.data, code: mapped.trpc, httpStatus: mapped.http, domainCode: domain.code, details: domain.details, stack: undefined },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure;

export const signedInProcedure = t.procedure.use(({ ctx, next }) => {
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
