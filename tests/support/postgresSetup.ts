import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";

/**
 * A fresh database per run on the server named by TEST_DATABASE_URL (default: the local
 * server's `postgres` database), migrated once; test files then share it, each in its own
 * workspace.
 */
export default async function setup(project: TestProject) {
  const admin = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  const name = "loopline_test";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.query(`create database ${name}`);
  await client.end();

  const url = new URL(admin);
  url.pathname = `/${name}`;
  const handle = await openDatabase(url.toString());
  await migrateDatabase(handle);
  await handle.close();
  project.provide("databaseUrl", url.toString());
}
