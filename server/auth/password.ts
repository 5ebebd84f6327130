import { hash, verify } from "@node-rs/argon2";

/** Argon2id with the library's defaults (OWASP-recommended parameters). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}
