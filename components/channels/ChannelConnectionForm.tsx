"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { ChannelKind, UnknownSkuPolicy } from "@/server/domain/channels";
import { useAdminOutcome } from "../admin/useAdminSave";
import { Field, input, primaryButton } from "../forms";
import { useTRPC } from "../trpc";
import { CHANNEL_KIND_LABEL } from "./channelLabels";

export interface ConnectionSettings {
  id: string;
  kind: ChannelKind;
  name: string;
  enabled: boolean;
  warehouseCode: string | null;
  unknownSkuPolicy: UnknownSkuPolicy;
  hasSigningSecret: boolean;
  hasAccessToken: boolean;
  apiBaseUrl: string | null;
  shopDomain: string | null;
  locationId: string | null;
  notificationUrl: string | null;
  accountCode: string | null;
  partnerQualifier: string | null;
  partnerId: string | null;
  ourQualifier: string | null;
  ourId: string | null;
  wants856: boolean;
  wants810: boolean;
}

interface Option { code: string; name: string }

/** The fields this form shows, so a refusal naming any other field still shows its message. */
const FIELDS = ["name", "enabled", "warehouseCode", "unknownSkuPolicy", "signingSecret", "accessToken", "shopDomain", "locationId", "notificationUrl", "accountCode", "partnerQualifier", "partnerId", "ourQualifier", "ourId", "wants856", "wants810"];

/**
 * Connects a Shopify store, a Square location or an EDI trading partner, or changes one. Secrets
 * are write-only: an existing connection's are never sent to the page, and a blank field keeps them.
 * `webhookAddress` (an existing Square connection) is what its notification URL must equal.
 */
export function ChannelConnectionForm({ connection, warehouses, accounts, webhookAddress }: { connection?: ConnectionSettings; warehouses: Option[]; accounts: Option[]; webhookAddress?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [kind, setKind] = useState<ChannelKind>(connection?.kind ?? "SHOPIFY");
  const notificationUrl = useRef<HTMLInputElement>(null);
  const outcome = useAdminOutcome();
  const { issues } = outcome;
  const save = useMutation(
    trpc.channels.saveConnection.mutationOptions({
      onSuccess: (saved) => {
        outcome.handlers.onSuccess();
        // A new connection's page has the webhook address to paste into the platform.
        if (!connection) router.push(`/admin/channels/${saved.id}`);
      },
      onError: outcome.handlers.onError,
    }),
  );
  const unshownIssue = outcome.error && !Object.keys(issues).some((field) => FIELDS.includes(field));
  const secretHint = (stored: boolean | undefined) =>
    connection ? (stored ? "Stored. Leave blank to keep it; paste a new one to replace it." : "Not set. Paste it from the platform.") : "Shown once on the platform; Loopline never shows it again.";

  return (
    <form
      aria-label={connection ? "Connection settings" : "Connect a channel"}
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const text = (name: string) => String(f.get(name) ?? "").trim();
        const optional = (name: string) => text(name) || undefined;
        const common = {
          ...(connection ? { connectionId: connection.id } : {}),
          name: text("name"),
          enabled: f.get("enabled") === "on",
          warehouseCode: optional("warehouseCode"),
          unknownSkuPolicy: text("unknownSkuPolicy") as UnknownSkuPolicy,
          signingSecret: optional("signingSecret"),
          accessToken: optional("accessToken"),
          // Not on the form (tests point it at a stand-in platform); saving must not forget it.
          apiBaseUrl: connection?.apiBaseUrl ?? undefined,
        };
        if (kind === "SHOPIFY") save.mutate({ kind, ...common, shopDomain: text("shopDomain") });
        else if (kind === "SQUARE") save.mutate({ kind, ...common, locationId: text("locationId"), notificationUrl: text("notificationUrl") });
        else {
          save.mutate({
            kind,
            ...common,
            accountCode: text("accountCode"),
            partnerQualifier: text("partnerQualifier").toUpperCase(),
            partnerId: text("partnerId"),
            ourQualifier: text("ourQualifier").toUpperCase(),
            ourId: text("ourId"),
            wants856: f.get("wants856") === "on",
            wants810: f.get("wants810") === "on",
          });
        }
      }}
    >
      {!connection && (
        <fieldset className="flex flex-wrap gap-2 text-sm">
          <legend className="mb-1 font-medium text-slate-700">Channel</legend>
          {(Object.keys(CHANNEL_KIND_LABEL) as ChannelKind[]).map((k) => (
            <label key={k} className={`flex cursor-pointer items-center gap-2 rounded-md border px-3 py-1.5 focus-within:ring-2 focus-within:ring-indigo-400 ${k === kind ? "border-indigo-500 bg-indigo-50 text-indigo-900" : "border-slate-300 bg-white text-slate-700"}`}>
              <input type="radio" name="kind" value={k} checked={k === kind} onChange={() => setKind(k)} className="sr-only" />
              {CHANNEL_KIND_LABEL[k]}
            </label>
          ))}
        </fieldset>
      )}

      {/* Keyed by kind: switching kinds starts that kind's fields afresh. */}
      <div key={kind} className="grid gap-3 md:grid-cols-2">
        <Field label="Name" error={issues.name}>
          <input name="name" defaultValue={connection?.name} placeholder={kind === "SHOPIFY" ? "Web store" : kind === "SQUARE" ? "Market stall" : "Northwind Retail"} className={input} />
        </Field>

        {kind === "SHOPIFY" && (
          <Field label="Shop domain" error={issues.shopDomain}>
            <input name="shopDomain" defaultValue={connection?.shopDomain ?? ""} placeholder="acme.myshopify.com" autoComplete="off" className={input} />
          </Field>
        )}
        {kind === "SQUARE" && (
          <Field label="Location id" error={issues.locationId}>
            <input name="locationId" defaultValue={connection?.locationId ?? ""} placeholder="L8Z3XQ1M2N4PK" autoComplete="off" className={`${input} font-mono`} />
          </Field>
        )}
        {kind === "EDI" && (
          <Field label="B2B account" error={issues.accountCode}>
            <select name="accountCode" defaultValue={connection?.accountCode ?? ""} className={input}>
              <option value="">Choose the account its orders belong to</option>
              {accounts.map((a) => <option key={a.code} value={a.code}>{a.name} ({a.code})</option>)}
            </select>
          </Field>
        )}

        {kind === "SQUARE" && (
          <div className="md:col-span-2">
            <Field label="Notification URL" error={issues.notificationUrl}>
              <input ref={notificationUrl} name="notificationUrl" inputMode="url" defaultValue={connection?.notificationUrl ?? webhookAddress ?? ""} placeholder="https://…/api/channels/square/…" className={`${input} font-mono`} />
              <span className="mt-1 block text-xs font-normal text-slate-500">
                The URL of the subscription in Square&apos;s Developer Console. Square signs it, so it must equal this connection&apos;s webhook address exactly
                {connection ? "." : " (shown once the location is connected: come back here and save it)."}
              </span>
            </Field>
            {webhookAddress && (
              <button type="button" onClick={() => notificationUrl.current && (notificationUrl.current.value = webhookAddress)} className="mt-1 text-xs text-indigo-700 hover:underline">
                Use this connection&apos;s webhook address
              </button>
            )}
          </div>
        )}

        {kind !== "EDI" && (
          <>
            <Field label={kind === "SHOPIFY" ? "Webhook signing secret" : "Webhook signature key"} error={issues.signingSecret}>
              <input name="signingSecret" type="password" autoComplete="off" placeholder={connection?.hasSigningSecret ? "•••••••• (stored)" : ""} className={`${input} font-mono`} />
              <span className="mt-1 block text-xs font-normal text-slate-500">{secretHint(connection?.hasSigningSecret)}</span>
            </Field>
            <Field label={kind === "SHOPIFY" ? "Admin API access token" : "Access token"} error={issues.accessToken}>
              <input name="accessToken" type="password" autoComplete="off" placeholder={connection?.hasAccessToken ? "•••••••• (stored)" : ""} className={`${input} font-mono`} />
              <span className="mt-1 block text-xs font-normal text-slate-500">
                {secretHint(connection?.hasAccessToken)} Used to send tracking back when an order ships.
              </span>
            </Field>
          </>
        )}

        {kind === "EDI" && (
          <>
            <IsaIdentity whose="Their" fields={["partnerQualifier", "partnerId"]} values={[connection?.partnerQualifier, connection?.partnerId]} issues={issues} placeholder="NORTHWIND" />
            <IsaIdentity whose="Our" fields={["ourQualifier", "ourId"]} values={[connection?.ourQualifier, connection?.ourId]} issues={issues} placeholder="LOOPLINE" />
            <fieldset className="space-y-1 text-sm md:col-span-2">
              <legend className="font-medium text-slate-700">Documents we send when an order ships</legend>
              <label className="flex items-center gap-2"><input type="checkbox" name="wants856" defaultChecked={connection?.wants856 ?? true} /> 856 ship notice</label>
              <label className="flex items-center gap-2"><input type="checkbox" name="wants810" defaultChecked={connection?.wants810 ?? true} /> 810 invoice (account orders that are invoiced)</label>
              {(issues.wants856 || issues.wants810) && <span className="block text-xs text-red-700">{issues.wants856 ?? issues.wants810}</span>}
            </fieldset>
          </>
        )}

        <Field label="Default warehouse" error={issues.warehouseCode}>
          <select name="warehouseCode" defaultValue={connection?.warehouseCode ?? ""} className={input}>
            <option value="">The workspace&apos;s first warehouse</option>
            {warehouses.map((w) => <option key={w.code} value={w.code}>{w.name} ({w.code})</option>)}
          </select>
        </Field>
        <Field label="Unknown SKU" error={issues.unknownSkuPolicy}>
          <select name="unknownSkuPolicy" defaultValue={connection?.unknownSkuPolicy ?? "REJECT"} className={input}>
            <option value="REJECT">Reject the order into the intake log (map the SKU, then replay)</option>
            <option value="FLAG">Take the order without that line, and flag it</option>
          </select>
        </Field>
        <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input type="checkbox" name="enabled" defaultChecked={connection?.enabled ?? true} /> Enabled: accept its messages
          {issues.enabled && <span className="text-xs font-normal text-red-700">{issues.enabled}</span>}
        </label>
      </div>

      {unshownIssue && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{outcome.error}</p>}
      <button disabled={save.isPending} className={primaryButton}>{connection ? "Save connection" : `Connect ${CHANNEL_KIND_LABEL[kind]}`}</button>
    </form>
  );
}

/** One side of an EDI interchange's envelope: the ISA qualifier (ZZ, 01, …) and the id it qualifies. */
function IsaIdentity({ whose, fields, values, issues, placeholder }: { whose: string; fields: [string, string]; values: [string | null | undefined, string | null | undefined]; issues: Record<string, string>; placeholder: string }) {
  return (
    <div className="grid grid-cols-3 gap-2">
      <Field label={`${whose} ISA qualifier`} error={issues[fields[0]]}>
        <input name={fields[0]} defaultValue={values[0] ?? "ZZ"} maxLength={2} className={`${input} font-mono uppercase`} />
      </Field>
      <div className="col-span-2">
        <Field label={`${whose} ISA id`} error={issues[fields[1]]}>
          <input name={fields[1]} defaultValue={values[1] ?? ""} maxLength={15} placeholder={placeholder} className={`${input} font-mono`} />
        </Field>
      </div>
    </div>
  );
}
