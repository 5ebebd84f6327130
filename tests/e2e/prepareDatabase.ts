// A fresh, migrated, seeded database for the browser tests, on the server in DATABASE_URL.
import pg from "pg";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { seedDemo } from "../../db/seed/demo";

const url = new URL(process.env.DATABASE_URL!);
const name = url.pathname.slice(1);
const admin = new URL(url);
admin.pathname = "/postgres";
const client = new pg.Client({ connectionString: admin.toString() });
await client.connect();
await client.query(`drop database if exists ${name} with (force)`);
await client.query(`create database ${name}`);
await client.end();

const handle = await openDatabase(url.toString());
try {
  await migrateDatabase(handle);
  await seedDemo(handle.db);
} finally {
  await handle.close();
}
