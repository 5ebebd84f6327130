import { z } from "zod";
import { loadWorkspace } from "../../services/workspace";
import { signOutEverywhere } from "../../services/sessions/userSessions";
import { publicProcedure, router, signedInProcedure } from "../trpc";

export const sessionRouter = router({
  /** Who is signed in and in which workspace; null when nobody is. */
  me: publicProcedure.query(async ({ ctx }) => {
    if (!ctx.actor) return null;
    const ws = await loadWorkspace(ctx.db, ctx.actor);
    return { actor: ctx.actor, workspace: { name: ws.name, code: ws.code, timeZone: ws.timeZone, currency: ws.currency } };
  }),
  /** Ends every session of the signed-in user, on every device, this one included. */
  // It takes nothing, and says so: anything sent is refused rather than ignored.
  signOutEverywhere: signedInProcedure.input(z.void()).mutation(async ({ ctx }) => {
    await signOutEverywhere(ctx.db, ctx.actor);
    return { signedOut: true };
  }),
});
