import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import type { ErrorCode } from "../domain/errors";

/** The one place a domain error becomes a transport code: tRPC here, HTTP status for REST too. */
export const ERROR_CODES: Record<ErrorCode, { trpc: TRPC_ERROR_CODE_KEY; http: number }> = {
  BAD_INPUT: { trpc: "BAD_REQUEST", http: 400 },
  UNAUTHENTICATED: { trpc: "UNAUTHORIZED", http: 401 },
  FORBIDDEN: { trpc: "FORBIDDEN", http: 403 },
  NOT_FOUND: { trpc: "NOT_FOUND", http: 404 },
  INVALID_TRANSITION: { trpc: "CONFLICT", http: 409 },
  VERSION_CONFLICT: { trpc: "CONFLICT", http: 409 },
  INSUFFICIENT_STOCK: { trpc: "UNPROCESSABLE_CONTENT", http: 422 },
  LOT_NOT_USABLE: { trpc: "UNPROCESSABLE_CONTENT", http: 422 },
};
