import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { reportUnexpected } from "../api/unexpectedError";
import { getDb } from "../db";
import { revokeSession, SESSION_MAX_AGE_SECONDS } from "../services/sessions/userSessions";
import { clientAddress } from "./clientAddress";
import { authSecret } from "./secret";
import { signInWithPassword } from "./signIn";

const credentials = z.object({ email: z.email().max(254).transform((e) => e.toLowerCase()), password: z.string().min(1).max(200) });

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "E-mail and password",
      credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const parsed = credentials.safeParse(raw);
        if (!parsed.success) return null;
        const forwarded = req.headers?.["x-forwarded-for"];
        const ip = clientAddress(typeof forwarded === "string" ? forwarded : null);
        // next-auth puts whatever `authorize` throws into the sign-in URL: a database error would
        // show its SQL and parameters on the form. Only the generic message with a request id goes.
        const outcome = await signInWithPassword(await getDb(), { ...parsed.data, ip }).catch((error: unknown) => {
          throw new Error(reportUnexpected(error, "sign-in").message);
        });
        // The message reaches the sign-in form; throwing is how next-auth carries it there.
        if (!outcome.ok && outcome.refusal) throw new Error(outcome.refusal);
        if (!outcome.ok) return null;
        return { id: outcome.user.id, name: outcome.user.name, email: outcome.user.email, sessionId: outcome.sessionId };
      },
    }),
  ],
  callbacks: {
    // The user and session ids travel in the token; the session row says whether it still counts.
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sid = (user as { sessionId?: string }).sessionId;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: typeof token.uid === "string" ? token.uid : null, sessionId: typeof token.sid === "string" ? token.sid : null };
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.sid === "string") await revokeSession(await getDb(), token.sid);
    },
  },
};
