// Adds a workspace (a brand) to this deployment with its first admin:
//   ADMIN_PASSWORD=… npm run workspace:create -- --code ACME --name "Acme Goods" \
//     --time-zone America/Chicago --currency USD --admin-email ops@acme.example --admin-name "Ops Lead"
// The password comes from the environment so it never lands in shell history.
import { parseArgs } from "node:util";
import { runCommand } from "./runCommand";
import { createWorkspace } from "../server/services/admin/createWorkspace";

const { values } = parseArgs({
  options: { code: { type: "string" }, name: { type: "string" }, "time-zone": { type: "string", default: "UTC" }, currency: { type: "string", default: "USD" }, "admin-email": { type: "string" }, "admin-name": { type: "string" } },
});

await runCommand(async (db) => {
  const { workspace, admin } = await createWorkspace(db, {
    code: values.code ?? "",
    name: values.name ?? "",
    timeZone: values["time-zone"] ?? "UTC",
    currency: values.currency ?? "USD",
    admin: { email: values["admin-email"] ?? "", name: values["admin-name"] ?? "", password: process.env.ADMIN_PASSWORD ?? "" },
  });
  console.log(`Workspace ${workspace.code} (${workspace.name}) created. Its admin ${admin.email} can sign in now.`);
});
