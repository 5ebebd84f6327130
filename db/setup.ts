// Prepares the database the app will use: migrate, and seed the demo only when asked for.
// `npm run setup [-- --demo]` runs it (`dev` asks for the demo, `start` does not); the app
// itself never migrates on a request.
import { parseArgs } from "node:util";
import { openDatabase } from "./client";
import { DEMO_PASSWORD, DEMO_USERS } from "./seed/demo";
import { setUpDatabase } from "./setUpDatabase";

const { values } = parseArgs({ options: { demo: { type: "boolean", default: false } } });
const demo = values.demo || process.env.LOOPLINE_DEMO === "1";

const handle = await openDatabase();
try {
  const outcome = await setUpDatabase(handle, { demo });
  if (outcome.kind === "demo-seeded") {
    console.log(`Seeded demo workspace LMB. Sign in with password "${DEMO_PASSWORD}" as:`);
    for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(9)} ${u.email}`);
  } else if (outcome.kind === "empty") {
    console.log(
      [
        `Database ready (${handle.kind}) and empty: no one can sign in yet. Create the first workspace and its admin:`,
        `  ADMIN_PASSWORD=… npm run workspace:create -- --code ACME --name "Acme Goods" --time-zone America/Chicago --currency USD --admin-email ops@acme.example --admin-name "Ops Lead"`,
        `(or, to try Loopline with demo data: npm run setup -- --demo)`,
      ].join("\n"),
    );
  } else {
    console.log(`Database ready (${handle.kind}); ${outcome.workspaces} workspace(s), seed skipped.`);
  }
} finally {
  await handle.close();
}
