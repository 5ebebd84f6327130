import { ERROR_CODES } from "../../api/errorCodes";
import type { DomainError, ErrorCode, FieldIssue } from "../../domain/errors";

/** RFC 9457 problem details, with our domain code and the request id for support. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode | "RATE_LIMITED" | "PAYLOAD_TOO_LARGE" | "METHOD_NOT_ALLOWED" | "IDEMPOTENCY_KEY_REUSED" | "IDEMPOTENCY_KEY_IN_USE" | "INTERNAL";
  requestId: string;
  /** BAD_INPUT only: each refused field, as `lines[1].sku`. */
  errors?: FieldIssue[];
  [detail: string]: unknown;
}

const TITLES: Record<Problem["code"], string> = {
  BAD_INPUT: "Bad input",
  UNAUTHENTICATED: "Not authenticated",
  FORBIDDEN: "Forbidden",
  NOT_FOUND: "Not found",
  INVALID_TRANSITION: "Invalid transition",
  VERSION_CONFLICT: "Version conflict",
  INSUFFICIENT_STOCK: "Insufficient stock",
  LOT_NOT_USABLE: "Lot not usable",
  RATE_LIMITED: "Too many requests",
  PAYLOAD_TOO_LARGE: "Request body too large",
  METHOD_NOT_ALLOWED: "Method not allowed",
  IDEMPOTENCY_KEY_REUSED: "Idempotency key reused",
  IDEMPOTENCY_KEY_IN_USE: "Idempotency key in use",
  INTERNAL: "Internal error",
};

/** A failure that is already a problem (not a domain rule): rate limit, body size, idempotency. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem, readonly headers: Record<string, string> = {}) {
    super(problem.detail);
  }
}

export function problemType(code: Problem["code"]): string {
  return `https://loopline.dev/problems/${code.toLowerCase().replaceAll("_", "-")}`;
}

export function problem(code: Problem["code"], status: number, detail: string, requestId: string, extra: Record<string, unknown> = {}): Problem {
  return { type: problemType(code), title: TITLES[code], status, detail, code, requestId, ...extra };
}

/**
 * A domain error as a problem: the status from the one error table, the domain message as
 * `detail`, and its details (shortages, current and allowed states, versions) as members.
 */
export function problemFromDomain(error: DomainError, requestId: string): Problem {
  const { issues, ...details } = error.details as { issues?: FieldIssue[] };
  return problem(error.code, ERROR_CODES[error.code].http, error.message, requestId, { ...details, ...(issues ? { errors: issues } : {}) });
}
