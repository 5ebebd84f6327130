import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Deployments set NEXTAUTH_SECRET (every instance must share it). A local install on the
 * embedded database gets one generated once and kept beside its data, so sessions survive a
 * restart and a new user has nothing to configure.
 */
export function authSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  if (process.env.DATABASE_URL) throw new Error("NEXTAUTH_SECRET must be set when DATABASE_URL is (shared by every app instance).");
  const file = path.resolve(".data/auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
