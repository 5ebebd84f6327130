import { and, count, eq, inArray, notInArray } from "drizzle-orm";
import { z } from "zod";
import type { Database, Tx } from "../../../db/client";
import { carrierRates, carrierServices, carriers, orders, shipments } from "../../../db/schema";
import { BadInput, NotFound } from "../../domain/errors";
import { MAX_CARRIER_SERVICES, MAX_URL } from "../../domain/limits";
import { assertCan } from "../../domain/permissions";
import type { Actor } from "../actor";
import { requiredText, rows, text, wholeNumber } from "../fields";
import { parseInput } from "../input";
import { changedFields, recordAdminChange } from "./adminChange";
import { newWebhookSecret } from "./carrierSecret";

const code = text(24).toUpperCase().regex(/^[A-Z0-9_]{2,24}$/, "must be 2 to 24 letters, digits or _");

/** Opened as a link on order pages: only a web address may go there, never `javascript:` or `data:`. */
const trackingUrlTemplate = text(MAX_URL)
  .pipe(z.url({ protocol: /^https?$/, error: "must be an http or https URL" }))
  .refine((s) => s.includes("{tracking}"), "must contain {tracking} where the tracking number goes");

export const saveCarrierInput = z
  .object({
    carrierId: z.uuid("must be a carrier id").optional(),
    code,
    name: requiredText(100),
    trackingUrlTemplate,
    services: rows(z.object({ code, name: requiredText(100), transitDays: wholeNumber(0, 30) }), MAX_CARRIER_SERVICES, "add at least one service"),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.services.forEach((s, i) => {
      if (seen.has(s.code)) ctx.addIssue({ code: "custom", path: ["services", i, "code"], message: `${s.code} is listed twice` });
      seen.add(s.code);
    });
  });
export type SaveCarrierInput = z.input<typeof saveCarrierInput>;

/** What a saved carrier reads back as: never its webhook secret. */
const carrierColumns = { id: carriers.id, code: carriers.code, name: carriers.name, trackingUrlTemplate: carriers.trackingUrlTemplate };
type SavedCarrier = { id: string; code: string; name: string; trackingUrlTemplate: string };

/**
 * Creates a carrier (its webhook secret is returned this once, as `webhookSecret`) or updates
 * one: name, code, tracking URL template and services. A service shipments or orders use cannot
 * be removed.
 */
export async function saveCarrier(db: Database, actor: Actor, raw: SaveCarrierInput): Promise<{ carrier: SavedCarrier; webhookSecret: string | null }> {
  assertCan(actor.role, "admin.manage");
  const input = parseInput(saveCarrierInput, raw);
  return db.transaction(async (tx) => {
    const [clash] = await tx.select({ id: carriers.id }).from(carriers).where(and(eq(carriers.workspaceId, actor.workspaceId), eq(carriers.code, input.code)));
    if (clash && clash.id !== input.carrierId) throw BadInput.field("code", `a carrier ${input.code} already exists`);
    const fields = { code: input.code, name: input.name, trackingUrlTemplate: input.trackingUrlTemplate };

    if (!input.carrierId) {
      const webhookSecret = newWebhookSecret();
      const [carrier] = await tx.insert(carriers).values({ workspaceId: actor.workspaceId, ...fields, webhookSecret }).returning(carrierColumns);
      await tx.insert(carrierServices).values(input.services.map((s) => ({ workspaceId: actor.workspaceId, carrierId: carrier!.id, ...s })));
      await recordAdminChange(tx, actor, "carrier", carrier!.id, "created", { ...fields, services: input.services.map((s) => s.code) });
      return { carrier: carrier!, webhookSecret };
    }

    const [before] = await tx.select().from(carriers).where(and(eq(carriers.id, input.carrierId), eq(carriers.workspaceId, actor.workspaceId))).for("update");
    if (!before) throw new NotFound("Carrier", input.carrierId);
    const [carrier] = await tx.update(carriers).set(fields).where(eq(carriers.id, before.id)).returning(carrierColumns);
    const services = await syncServices(tx, actor, before.id, input.services);
    await recordAdminChange(tx, actor, "carrier", before.id, "updated", { changes: changedFields(before, fields), services });
    return { carrier: carrier!, webhookSecret: null };
  });
}

/** Adds, renames and removes services to match the list; removing one that is in use is refused. */
async function syncServices(tx: Tx, actor: Actor, carrierId: string, wanted: z.output<typeof saveCarrierInput>["services"]) {
  const existing = await tx.select().from(carrierServices).where(eq(carrierServices.carrierId, carrierId));
  const wantedCodes = new Set(wanted.map((w) => w.code));
  const existingByCode = new Map(existing.map((e) => [e.code, e]));
  const dropped = existing.filter((s) => !wantedCodes.has(s.code));
  if (dropped.length > 0) {
    const ids = dropped.map((s) => s.id);
    const [[shipped], [requested]] = await Promise.all([
      tx.select({ n: count() }).from(shipments).where(inArray(shipments.serviceId, ids)),
      tx.select({ n: count() }).from(orders).where(inArray(orders.requestedServiceId, ids)),
    ]);
    if ((shipped?.n ?? 0) + (requested?.n ?? 0) > 0) {
      throw BadInput.field("services", `${dropped.map((s) => s.code).join(", ")} cannot be removed: ${shipped?.n ?? 0} shipments and ${requested?.n ?? 0} orders use it`);
    }
    await tx.delete(carrierRates).where(inArray(carrierRates.serviceId, ids));
    await tx.delete(carrierServices).where(and(eq(carrierServices.carrierId, carrierId), notInArray(carrierServices.code, wanted.map((w) => w.code))));
  }
  for (const s of wanted) {
    const current = existingByCode.get(s.code);
    if (!current) await tx.insert(carrierServices).values({ workspaceId: actor.workspaceId, carrierId, ...s });
    else if (current.name !== s.name || current.transitDays !== s.transitDays) await tx.update(carrierServices).set({ name: s.name, transitDays: s.transitDays }).where(eq(carrierServices.id, current.id));
  }
  return { added: wanted.filter((w) => !existingByCode.has(w.code)).map((w) => w.code), removed: dropped.map((s) => s.code) };
}
