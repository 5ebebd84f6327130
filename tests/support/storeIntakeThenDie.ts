import { eq } from "drizzle-orm";
import { openDatabase } from "../../db/client";
import { channelConnections } from "../../db/schema";
import { storeIntakeMessage } from "../../server/services/channels/intake";

// A webhook request that dies between storing its message and processing it: stores the message
// given in the environment, prints its id, and kills itself with SIGKILL (no cleanup, no finally).
// Run as `node --import tsx tests/support/storeIntakeThenDie.ts` with DATABASE_URL, CONNECTION_ID,
// DEDUPE_KEY, TOPIC and BODY set.

const env = (name: string) => process.env[name] ?? (() => { throw new Error(`${name} is not set`); })();
const handle = await openDatabase(env("DATABASE_URL"));
const [connection] = await handle.db.select().from(channelConnections).where(eq(channelConnections.id, env("CONNECTION_ID")));
const { message } = await storeIntakeMessage(handle.db, connection!, { dedupeKey: env("DEDUPE_KEY"), topic: env("TOPIC"), headers: { "x-shopify-topic": env("TOPIC"), "x-shopify-webhook-id": env("DEDUPE_KEY"), "x-shopify-shop-domain": connection!.shopDomain! }, body: env("BODY") });
process.stdout.write(`stored ${message.id}\n`, () => process.kill(process.pid, "SIGKILL"));
