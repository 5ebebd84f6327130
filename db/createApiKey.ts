// Makes an API key for a scripted setup and prints its secret (the only time it is shown):
//   npm run apikey:create -- --workspace LMB --role operator --name "ERP sync"
//   npm run apikey:create -- --workspace LMB --role customer --account IRONRIDGE --name "Ironridge ERP" --expires 2027-01-01T00:00:00Z
import { parseArgs } from "node:util";
import { runCommand } from "./runCommand";
import type { Role } from "../server/domain/permissions";
import { createApiKey } from "../server/services/apiKeys/createApiKey";
import { setupActor } from "../server/services/workspace";

const { values } = parseArgs({
  options: { workspace: { type: "string" }, role: { type: "string" }, name: { type: "string" }, account: { type: "string" }, expires: { type: "string" } },
});

await runCommand(async (db) => {
  const actor = await setupActor(db, values.workspace ?? "", "Setup script (apikey:create)");
  const key = await createApiKey(db, actor, { name: values.name ?? "", role: (values.role ?? "") as Role, accountCode: values.account, expiresAt: values.expires });
  console.error(`API key "${key.name}" (${key.role}) created in ${values.workspace}. Its secret, shown this once:`);
  console.log(key.secret);
});
