import { eq } from "drizzle-orm";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { users } from "../../db/schema";
import { getDb } from "../db";
import { verifyPassword } from "./password";
import { recordSignInAttempt, signInBlocked } from "./rateLimit";
import { authSecret } from "./secret";

const credentials = z.object({ email: z.email().transform((e) => e.toLowerCase()), password: z.string().min(1).max(200) });

/** The client's address as the proxy in front reports it; one bucket for all when there is none. */
function clientIp(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  return (typeof forwarded === "string" && forwarded.split(",")[0]?.trim()) || "unknown";
}

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60; // one shift

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
        const db = await getDb();
        const { email, password } = parsed.data;
        const ip = clientIp(req.headers);
        // The message reaches the sign-in form; throwing is how next-auth carries it there.
        const blocked = await signInBlocked(db, email, ip);
        if (blocked) throw new Error(blocked);
        const [user] = await db.select().from(users).where(eq(users.email, email));
        const ok = !!user && (await verifyPassword(user.passwordHash, password));
        await recordSignInAttempt(db, email, ip, ok);
        return ok ? { id: user.id, name: user.name, email: user.email } : null;
      },
    }),
  ],
  callbacks: {
    // Only the user id travels in the token; role and workspace are read fresh per request.
    jwt({ token, user }) {
      if (user) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: typeof token.uid === "string" ? token.uid : null };
    },
  },
};
