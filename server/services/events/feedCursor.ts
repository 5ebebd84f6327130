import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "../../auth/secret";
import { BadInput } from "../../domain/errors";

// Where a reader of the loop event feed stands: the (transaction id, seq) of the last event it
// was given. Both numbers run across every workspace of the deployment, so the cursor seals
// them with AES-256-GCM under a key derived from the auth secret, bound to the workspace: it
// reads as noise, shows nothing of other brands' volume, and one from another workspace (or a
// forged or damaged one) does not open.

/** A position in feed order. `{ transactionId: 0n, seq: 0n }` is before every event. */
export interface FeedPosition {
  transactionId: bigint;
  seq: bigint;
}

export const FEED_START: FeedPosition = { transactionId: 0n, seq: 0n };

/** Longer than any cursor this codec writes (60 characters), short enough to refuse junk early. */
export const MAX_FEED_CURSOR = 200;

const VERSION = 1;
const IV = 12;
const TAG = 16;
const PLAIN = 1 + 8 + 8;
const U64_MAX = 2n ** 64n - 1n;

let key: Buffer | undefined;
const cursorKey = () => (key ??= Buffer.from(hkdfSync("sha256", authSecret(), "loopline", "loop event feed cursor v1", 32)));
const boundTo = (workspaceId: string) => Buffer.from(`loop-events:${workspaceId}`);

export function encodeFeedCursor(workspaceId: string, position: FeedPosition): string {
  if (position.transactionId < 0n || position.transactionId > U64_MAX || position.seq < 0n || position.seq > U64_MAX) {
    throw new RangeError("a feed position is two unsigned 64-bit numbers");
  }
  const plain = Buffer.alloc(PLAIN);
  plain.writeUInt8(VERSION, 0);
  plain.writeBigUInt64BE(position.transactionId, 1);
  plain.writeBigUInt64BE(position.seq, 9);
  const iv = randomBytes(IV);
  const cipher = createCipheriv("aes-256-gcm", cursorKey(), iv);
  cipher.setAAD(boundTo(workspaceId));
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString("base64url");
}

/** The position a cursor of this workspace holds; anything else is a BAD_INPUT naming `after`. */
export function decodeFeedCursor(workspaceId: string, cursor: string): FeedPosition {
  const refused = () => BadInput.field("after", "is not a cursor this feed gave out; start again without it");
  if (cursor.length > MAX_FEED_CURSOR || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw refused();
  const raw = Buffer.from(cursor, "base64url");
  if (raw.length !== IV + PLAIN + TAG) throw refused();
  let plain: Buffer;
  try {
    const decipher = createDecipheriv("aes-256-gcm", cursorKey(), raw.subarray(0, IV));
    decipher.setAAD(boundTo(workspaceId));
    decipher.setAuthTag(raw.subarray(IV + PLAIN));
    plain = Buffer.concat([decipher.update(raw.subarray(IV, IV + PLAIN)), decipher.final()]);
  } catch {
    throw refused();
  }
  if (plain.readUInt8(0) !== VERSION) throw refused();
  return { transactionId: plain.readBigUInt64BE(1), seq: plain.readBigUInt64BE(9) };
}
