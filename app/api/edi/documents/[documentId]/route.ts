import { guardedRoute } from "@/server/api/unexpectedError";
import { currentSessionRef } from "@/server/auth/actor";
import { getDb } from "@/server/db";
import { can } from "@/server/domain/permissions";
import { DomainError } from "@/server/domain/errors";
import { ediDocument } from "@/server/services/channels/edi";
import { actorForSession } from "@/server/services/sessions/userSessions";

export const dynamic = "force-dynamic";

/** One X12 document (a 997, 856 or 810 sent, an 850 received), downloaded as the partner gets it. Staff only. */
export const GET = guardedRoute(async (_request: Request, { params }: { params: Promise<{ documentId: string }> }) => {
  const db = await getDb();
  const session = await currentSessionRef();
  const actor = session && (await actorForSession(db, session));
  if (!actor) return new Response("Sign in first.", { status: 401 });
  if (!can(actor.role, "intake.read")) return new Response("Only staff read EDI documents.", { status: 403 });
  try {
    const doc = await ediDocument(db, actor, (await params).documentId);
    return new Response(doc.body, {
      headers: { "content-type": "application/edi-x12; charset=utf-8", "content-disposition": `attachment; filename="${doc.type}-${String(doc.interchangeControl).padStart(9, "0")}.edi"`, "x-content-type-options": "nosniff" },
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") return new Response("No such EDI document.", { status: 404 });
    throw error;
  }
});
