import NextAuth from "next-auth";
import { guardedRoute } from "@/server/api/unexpectedError";
import { authOptions } from "@/server/auth/options";

// next-auth answers its own refusals; anything it throws becomes the generic 500 with a request id.
const handler = guardedRoute(NextAuth(authOptions) as (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>);

export { handler as GET, handler as POST };
