import { and, eq } from "drizzle-orm";
import type { Tx } from "../../../db/client";
import { carriers } from "../../../db/schema";
import { NotFound } from "../../domain/errors";
import type { Actor } from "../actor";

/** The carrier row, locked: one admin change to its zones or rates at a time. */
export async function lockCarrier(tx: Tx, actor: Actor, carrierId: string) {
  const [carrier] = await tx.select().from(carriers).where(and(eq(carriers.id, carrierId), eq(carriers.workspaceId, actor.workspaceId))).for("update");
  if (!carrier) throw new NotFound("Carrier", carrierId);
  return carrier;
}
