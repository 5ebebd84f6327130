"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { fieldIssues } from "../forms";

/** What every admin form does with its command's answer: refresh the page, or show the field errors. */
export function useAdminOutcome(onSaved?: () => void) {
  const router = useRouter();
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const handlers = {
    onSuccess: () => {
      setIssues({});
      setError(null);
      onSaved?.();
      router.refresh();
    },
    onError: (e: { message: string; data?: unknown }) => {
      setIssues(fieldIssues(e));
      setError(e.message);
    },
  };
  return { issues, error, handlers };
}
