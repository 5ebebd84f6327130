"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { fieldIssues, primaryButton } from "../forms";

/**
 * A table edited as text, one row per line (zone rules, rate tables: what carriers publish).
 * The server's field errors come back per row and are shown with their line number.
 */
export function RuleLines<Row>({ label, listField, initial, help, parse, save }: {
  label: string;
  /** The input's array field, as errors name it: `zones[3].value`. */
  listField: string;
  initial: string;
  help: string;
  parse: (cells: string[]) => Row;
  save: (rows: Row[]) => Promise<unknown>;
}) {
  const router = useRouter();
  const [text, setText] = useState(initial);
  const [problems, setProblems] = useState<string[]>([]);
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: () => {
      setProblems([]);
      router.refresh();
    },
    onError: (e: { message: string; data?: unknown }) => {
      const issues = Object.entries(fieldIssues(e));
      setProblems(issues.length ? issues.map(([field, message]) => lineOf(field, listField) + message) : [e.message]);
    },
  });
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate(lines.map((l) => parse(l.split(/[\s,;]+/))));
      }}
    >
      <label className="block text-sm font-medium text-slate-700">
        {label}
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={Math.min(16, Math.max(4, lines.length + 1))} spellCheck={false} className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs" />
      </label>
      <p className="text-xs text-slate-500">{help}</p>
      {problems.length > 0 && (
        <ul role="alert" className="space-y-0.5 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {problems.map((p) => <li key={p}>{p}</li>)}
        </ul>
      )}
      <button disabled={mutation.isPending} className={primaryButton}>Save {lines.length} lines</button>
    </form>
  );
}

/** `rates[2].zone` → "line 3, zone: ". */
function lineOf(field: string, listField: string): string {
  const match = new RegExp(`^${listField}\\[(\\d+)\\]\\.?(.*)$`).exec(field);
  if (!match) return `${field}: `;
  return `line ${Number(match[1]) + 1}${match[2] ? `, ${match[2]}` : ""}: `;
}
