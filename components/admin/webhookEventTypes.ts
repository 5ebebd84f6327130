// How an admin types a subscription's event types, and how the server's refusal of one is shown.

/** Types as typed: separated by commas, spaces or new lines. None: every event. */
export function eventTypesOf(typed: string): string[] {
  return typed.split(/[\s,]+/).filter(Boolean);
}

/** The server's message about the types (`eventTypes[1]: …`), naming the type it refused. */
export function eventTypesIssue(issues: Record<string, string>, typed: string[]): string | undefined {
  const entry = Object.entries(issues).find(([field]) => field === "eventTypes" || field.startsWith("eventTypes["));
  if (!entry) return undefined;
  const index = /^eventTypes\[(\d+)\]/.exec(entry[0])?.[1];
  return index === undefined ? entry[1] : `“${typed[Number(index)]}” ${entry[1]}`;
}
