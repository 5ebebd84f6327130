// Typed domain errors with stable codes. `server/api/errorCodes.ts` maps each code to a tRPC
// code and HTTP status once; every caller (tRPC, REST, MCP) reports them the same way.

export type ErrorCode =
  | "BAD_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "INVALID_TRANSITION"
  | "INSUFFICIENT_STOCK"
  | "LOT_NOT_USABLE"
  | "VERSION_CONFLICT";

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldIssue {
  field: string;
  message: string;
}

export class BadInput extends DomainError {
  constructor(readonly issues: FieldIssue[]) {
    super("BAD_INPUT", issues.map((i) => `${i.field}: ${i.message}`).join("; "), { issues });
  }
  static field(field: string, message: string): BadInput {
    return new BadInput([{ field, message }]);
  }
}

export class Unauthenticated extends DomainError {
  /** The default speaks to a person; an API key's caller is told what is wrong with the key. */
  constructor(message = "Sign in first.") {
    super("UNAUTHENTICATED", message);
  }
}

export class Forbidden extends DomainError {
  constructor(role: string, action: string) {
    super("FORBIDDEN", `A ${role} may not ${action}.`, { role, action });
  }
}

export class NotFound extends DomainError {
  constructor(subject: string, ref: string) {
    super("NOT_FOUND", `${subject} ${ref} was not found.`, { subject, ref });
  }
}

export class InvalidTransition extends DomainError {
  constructor(subject: string, from: string, to: string, allowed: readonly string[]) {
    const next = allowed.length ? allowed.join(", ") : "none (final state)";
    super(
      "INVALID_TRANSITION",
      `${subject} is ${from}; it cannot move to ${to}. Allowed from ${from}: ${next}.`,
      { from, to, allowed },
    );
  }
}

/** A command that needs its subject in another state (it does not move the state itself). */
export class WrongState extends DomainError {
  constructor(subject: string, state: string, action: string, needs: readonly string[]) {
    super("INVALID_TRANSITION", `${subject} is ${state}; to ${action} it must be ${needs.join(" or ")}.`, { state, needs });
  }
}

export interface Shortage {
  sku: string;
  requested: number;
  available: number;
  short: number;
}

export class InsufficientStock extends DomainError {
  constructor(readonly shortages: Shortage[]) {
    const list = shortages
      .map((s) => `${s.sku} short ${s.short} (requested ${s.requested}, available ${s.available})`)
      .join("; ");
    super("INSUFFICIENT_STOCK", `Not enough usable stock: ${list}.`, { shortages });
  }
}

export class LotNotUsable extends DomainError {
  constructor(lotCode: string, reason: string) {
    super("LOT_NOT_USABLE", `Lot ${lotCode} cannot be used: ${reason}.`, { lot: lotCode, reason });
  }
}

export class VersionConflict extends DomainError {
  constructor(subject: string, expected: number, actual: number, state: string) {
    super(
      "VERSION_CONFLICT",
      `${subject} changed since you loaded it (your version ${expected}, now ${actual}, state ${state}). Reload and try again.`,
      { expected, actual, state },
    );
  }
}
