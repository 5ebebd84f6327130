"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Field, input, primaryButton } from "../forms";
import { useTRPC } from "../trpc";
import { SecretReveal } from "./SecretReveal";
import { useAdminOutcome } from "./useAdminSave";
import { eventTypesIssue, eventTypesOf } from "./webhookEventTypes";

interface Endpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
}

/**
 * A subscription's URL, description and event types. A new endpoint's signing secret is shown
 * once, here; an existing one keeps its secret (rotate it on its page).
 */
export function WebhookEndpointForm({ endpoint }: { endpoint?: Endpoint }) {
  const trpc = useTRPC();
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  const [typed, setTyped] = useState<string[]>([]);
  const outcome = useAdminOutcome();
  const { issues } = outcome;
  const create = useMutation(
    trpc.admin.createWebhookEndpoint.mutationOptions({
      onSuccess: (saved) => {
        setCreated({ id: saved.id, secret: saved.secret });
        outcome.handlers.onSuccess();
      },
      onError: outcome.handlers.onError,
    }),
  );
  const update = useMutation(trpc.admin.updateWebhookEndpoint.mutationOptions(outcome.handlers));
  const pending = create.isPending || update.isPending;

  if (created) {
    return (
      <div className="space-y-3">
        <SecretReveal secret={created.secret}>
          <p className="text-amber-900">Verify each delivery&apos;s <span className="font-mono">webhook-signature</span> header with it (Standard Webhooks).</p>
        </SecretReveal>
        <div className="flex gap-4 text-sm">
          <Link href={`/admin/webhooks/${created.id}`} className="text-indigo-700 hover:underline">Open its delivery log →</Link>
          <button type="button" onClick={() => setCreated(null)} className="text-slate-600 hover:underline">Add another endpoint</button>
        </div>
      </div>
    );
  }
  return (
    <form
      aria-label={endpoint ? "Endpoint settings" : "New webhook endpoint"}
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const eventTypes = eventTypesOf(String(f.get("eventTypes") ?? ""));
        setTyped(eventTypes);
        const fields = { url: String(f.get("url") ?? ""), description: String(f.get("description") ?? ""), eventTypes };
        if (endpoint) update.mutate({ endpointId: endpoint.id, ...fields });
        else create.mutate(fields);
      }}
    >
      <div className="grid gap-3 md:grid-cols-2">
        <Field label="URL" error={issues.url}>
          <input name="url" inputMode="url" defaultValue={endpoint?.url} placeholder="https://erp.example.com/loopline/webhooks" className={input} />
        </Field>
        <Field label="Description" error={issues.description}>
          <input name="description" defaultValue={endpoint?.description} placeholder="ERP order sync" className={input} />
        </Field>
      </div>
      <Field label="Event types" error={eventTypesIssue(issues, typed)}>
        <textarea name="eventTypes" rows={3} defaultValue={endpoint?.eventTypes.join("\n")} placeholder={"dcm.order.*\nscm.fulfillment.shipped"} className={`${input} font-mono`} />
        <span className="mt-1 block text-xs font-normal text-slate-500">
          One per line, or separated by commas or spaces: exact types (<code>scm.fulfillment.shipped</code>) or prefixes (<code>dcm.order.*</code>). Blank: all events.
        </span>
      </Field>
      {outcome.error && Object.keys(issues).length === 0 && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{outcome.error}</p>}
      <button disabled={pending} className={primaryButton}>{endpoint ? "Save endpoint" : "Add endpoint"}</button>
    </form>
  );
}
