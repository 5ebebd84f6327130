// Prepares the database the app will use: migrate, then seed the demo if it is empty.
// `npm run setup` runs it; the app itself never migrates on a request.
import { count } from "drizzle-orm";
import { openDatabase } from "./client";
import { migrateDatabase } from "./migrate";
import { workspaces } from "./schema";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "./seed/demo";

const handle = await openDatabase();
try {
  await migrateDatabase(handle);
  const [{ n } = { n: 0 }] = await handle.db.select({ n: count() }).from(workspaces);
  if (n === 0) {
    await seedDemo(handle.db);
    console.log(`Seeded demo workspace LMB. Sign in with password "${DEMO_PASSWORD}" as:`);
    for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(9)} ${u.email}`);
  } else {
    console.log(`Database ready (${handle.kind}); ${n} workspace(s), seed skipped.`);
  }
} finally {
  await handle.close();
}
