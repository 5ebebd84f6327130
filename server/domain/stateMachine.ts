import { InvalidTransition } from "./errors";

/** A loop's allowed transitions as data: from each state, the states it may move to. */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

export function allowedFrom<S extends string>(table: TransitionTable<S>, from: S): readonly S[] {
  return table[from];
}

export function canTransition<S extends string>(table: TransitionTable<S>, from: S, to: S): boolean {
  return table[from].includes(to);
}

export function assertTransition<S extends string>(
  table: TransitionTable<S>,
  subject: string,
  from: S,
  to: S,
): void {
  if (!canTransition(table, from, to)) {
    throw new InvalidTransition(subject, from, to, table[from]);
  }
}
