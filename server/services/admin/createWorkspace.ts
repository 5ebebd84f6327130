import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { users, workspaces } from "../../../db/schema";
import { BadInput } from "../../domain/errors";
import { hashPassword } from "../../auth/password";
import { actorForUser } from "../actor";
import { parseInput } from "../input";
import { recordAdminChange } from "./adminChange";
import { publicUser } from "./saveUser";
import { email, password, personName } from "./userFields";
import { requiredText, text } from "../fields";
import { MAX_NAME } from "../../domain/limits";

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const createWorkspaceInput = z.object({
  code: text(12).toUpperCase().regex(/^[A-Z0-9]{2,12}$/, "must be 2 to 12 letters or digits"),
  name: requiredText(MAX_NAME),
  timeZone: text(64).refine(isTimeZone, "must be an IANA time zone, like America/Chicago"),
  currency: text(3).toUpperCase().regex(/^[A-Z]{3}$/, "must be a three-letter currency code"),
  admin: z.object({ email, name: personName, password }),
});
export type CreateWorkspaceInput = z.input<typeof createWorkspaceInput>;

/**
 * A new brand on the deployment, with its first admin. It starts empty and shares nothing with
 * any other workspace: the admin adds warehouses, carriers, products and people from the console.
 */
export async function createWorkspace(db: Database, raw: CreateWorkspaceInput) {
  const input = parseInput(createWorkspaceInput, raw);
  const passwordHash = await hashPassword(input.admin.password);
  return db.transaction(async (tx) => {
    const [sameCode] = await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.code, input.code));
    if (sameCode) throw BadInput.field("code", `a workspace ${input.code} already exists`);
    // A new workspace has no users yet, and e-mails are unique per workspace: nothing to clash with.
    const [workspace] = await tx.insert(workspaces).values({ code: input.code, name: input.name, orderPrefix: input.code, timeZone: input.timeZone, currency: input.currency }).returning();
    const [admin] = await tx.insert(users).values({ workspaceId: workspace!.id, email: input.admin.email, name: input.admin.name, role: "admin", passwordHash }).returning();
    await recordAdminChange(tx, actorForUser(admin!), "workspace", workspace!.id, "created", { code: input.code, name: input.name, admin: input.admin.email });
    return { workspace: workspace!, admin: publicUser(admin!) };
  });
}
