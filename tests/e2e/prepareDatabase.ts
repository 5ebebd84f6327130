// A fresh, migrated, seeded database for the browser tests, on the server in DATABASE_URL.
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { recreateDatabase } from "../../db/recreate";
import { seedDemo } from "../../db/seed/demo";

const target = new URL(process.env.DATABASE_URL!);
const handle = await openDatabase(await recreateDatabase(target.toString(), target.pathname.slice(1)));
try {
  await migrateDatabase(handle);
  await seedDemo(handle.db);
} finally {
  await handle.close();
}
