// Makes an API key for a scripted setup and prints its secret (the only time it is shown):
//   npm run apikey:create -- --workspace LMB --role operator --name "ERP sync"
//   npm run apikey:create -- --workspace LMB --role customer --account IRONRIDGE --name "Ironridge ERP" --expires 2027-01-01T00:00:00Z
import { parseArgs } from "node:util";
import { openDatabase } from "./client";
import { migrateDatabase } from "./migrate";
import { DomainError } from "../server/domain/errors";
import type { Role } from "../server/domain/permissions";
import { createApiKey } from "../server/services/apiKeys/createApiKey";
import { setupActor } from "../server/services/workspace";

const { values } = parseArgs({
  options: { workspace: { type: "string" }, role: { type: "string" }, name: { type: "string" }, account: { type: "string" }, expires: { type: "string" } },
});

const handle = await openDatabase();
try {
  await migrateDatabase(handle);
  const actor = await setupActor(handle.db, values.workspace ?? "", "Setup script (apikey:create)");
  const key = await createApiKey(handle.db, actor, { name: values.name ?? "", role: (values.role ?? "") as Role, accountCode: values.account, expiresAt: values.expires });
  console.error(`API key "${key.name}" (${key.role}) created in ${values.workspace}. Its secret, shown this once:`);
  console.log(key.secret);
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  // PGlite and the pool keep Node alive until closed.
  await handle.close();
}
