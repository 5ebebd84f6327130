import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { recreateDatabase } from "../../db/recreate";

/**
 * A fresh database per run on the server named by TEST_DATABASE_URL (default: the local
 * server), migrated once; test files then share it, each in its own workspace.
 */
export default async function setup(project: TestProject) {
  const url = await recreateDatabase(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres", process.env.TEST_DATABASE_NAME ?? "loopline_test");
  const handle = await openDatabase(url);
  await migrateDatabase(handle);
  await handle.close();
  project.provide("databaseUrl", url);
}
