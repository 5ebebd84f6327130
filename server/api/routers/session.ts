import { loadWorkspace } from "../../services/workspace";
import { publicProcedure, router } from "../trpc";

export const sessionRouter = router({
  /** Who is signed in and in which workspace; null when nobody is. */
  me: publicProcedure.query(async ({ ctx }) => {
    if (!ctx.actor) return null;
    const ws = await loadWorkspace(ctx.db, ctx.actor);
    return { actor: ctx.actor, workspace: { name: ws.name, code: ws.code, timeZone: ws.timeZone, currency: ws.currency } };
  }),
});
