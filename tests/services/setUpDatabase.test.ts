import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { carriers, users, workspaces } from "../../db/schema";
import { setUpDatabase } from "../../db/setUpDatabase";

// Both projects use a fresh in-memory database here: what matters is what setup does to an
// empty one, and the shared Postgres test database is never empty.
describe("database setup", () => {
  it("leaves an empty database empty without the demo flag: no demo workspace, no demo password", async () => {
    const handle = await openDatabase("memory://");
    try {
      expect(await setUpDatabase(handle, { demo: false })).toEqual({ kind: "empty" });
      expect((await handle.db.select({ n: count() }).from(workspaces))[0]?.n).toBe(0);
      expect((await handle.db.select({ n: count() }).from(users))[0]?.n).toBe(0);
    } finally {
      await handle.close();
    }
  });

  it("seeds the demo when asked, with carrier webhook secrets of its own", async () => {
    const handle = await openDatabase("memory://");
    try {
      expect(await setUpDatabase(handle, { demo: true })).toEqual({ kind: "demo-seeded" });
      const [lmb] = await handle.db.select().from(workspaces).where(eq(workspaces.code, "LMB"));
      const secrets = (await handle.db.select().from(carriers).where(eq(carriers.workspaceId, lmb!.id))).map((c) => c.webhookSecret);
      expect(secrets).toHaveLength(2);
      expect(new Set(secrets).size).toBe(2);
      // The secrets once committed to the repository
      expect(secrets).not.toContain("whsec_bG9vcGxpbmUgZGVtbyBmZWRleCB0cmFja2luZyBrZXk=");
      expect(secrets).not.toContain("whsec_bG9vcGxpbmUgZGVtbyB1cHMgdHJhY2tpbmcga2V5");
      expect(await setUpDatabase(handle, { demo: true })).toEqual({ kind: "ready", workspaces: 1 });
    } finally {
      await handle.close();
    }
  }, 120_000);
});
