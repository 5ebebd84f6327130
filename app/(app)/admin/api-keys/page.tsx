import { ApiKeyForm } from "@/components/admin/ApiKeyForm";
import { RevokeApiKey } from "@/components/admin/RevokeApiKey";
import { adminCaller } from "../adminCaller";

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace("T", " ") + " UTC" : "—");

export default async function ApiKeysPage() {
  const { caller } = await adminCaller();
  const [keys, { accounts }] = await Promise.all([caller.admin.apiKeys(), caller.admin.people()]);
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">API keys</h1>
      <p className="text-sm text-slate-600">
        A key acts over <a href="/api/docs" className="text-indigo-700 hover:underline">the REST API</a> with exactly its role&apos;s rights. Its secret is shown once, when it is made.
      </p>
      <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
        <thead className="text-left text-slate-500">
          <tr><th className="px-3 py-2">Name</th><th>Role</th><th>Key</th><th>Created</th><th>Expires</th><th>Last used</th><th /></tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((k) => (
            <tr key={k.id} data-testid="api-key-row" className={k.revokedAt ? "text-slate-400" : ""}>
              <td className="px-3 py-2 font-medium">{k.name}</td>
              <td>{k.role}{k.accountCode ? ` · ${k.accountCode}` : ""}</td>
              <td><code>{k.prefix}</code></td>
              <td>{when(k.createdAt)}{k.createdBy ? ` by ${k.createdBy}` : ""}</td>
              <td>{when(k.expiresAt)}</td>
              <td data-testid="api-key-last-used">{when(k.lastUsedAt)}</td>
              <td className="pr-3 text-right">{k.revokedAt ? `Revoked ${when(k.revokedAt)}` : <RevokeApiKey apiKeyId={k.id} name={k.name} />}</td>
            </tr>
          ))}
          {keys.length === 0 && <tr><td colSpan={7} className="px-3 py-6 text-center text-slate-500">No API keys yet.</td></tr>}
        </tbody>
      </table>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 font-semibold">New API key</h2>
        <ApiKeyForm accountCodes={accounts.map((a) => a.code)} />
      </section>
    </div>
  );
}
