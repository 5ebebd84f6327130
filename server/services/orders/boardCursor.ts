import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "../../auth/secret";

// The live feed's event ids. The loop event seq is global across workspaces, so sending it
// would show one brand how busy the others are. The id is the seq sealed with AES-256-GCM
// under a key derived from the auth secret, bound to the workspace: it reads as noise, and a
// cursor from another workspace (or a forged one) does not open.

let key: Buffer | undefined;
const cursorKey = () => (key ??= Buffer.from(hkdfSync("sha256", authSecret(), "loopline", "board live cursor v1", 32)));

export function encodeBoardCursor(workspaceId: string, seq: number): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", cursorKey(), iv);
  cipher.setAAD(Buffer.from(workspaceId));
  const sealed = Buffer.concat([cipher.update(String(seq), "utf8"), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString("base64url");
}

/** The seq a cursor of this workspace holds, or null for anything else (a fresh start). */
export function decodeBoardCursor(workspaceId: string, cursor: string | null): number | null {
  if (!cursor || cursor.length > 200) return null;
  const raw = Buffer.from(cursor, "base64url");
  if (raw.length < 12 + 1 + 16) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", cursorKey(), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(workspaceId));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const seq = Number(Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString("utf8"));
    return Number.isSafeInteger(seq) && seq >= 0 ? seq : null;
  } catch {
    return null;
  }
}
