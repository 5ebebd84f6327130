// Serves the app through Node's own HTTP server so that the client's address is known for
// certain: Next only fills X-Forwarded-For when the request has none, so a client could name
// any address it liked. Here the socket's address is appended, as a proxy would, and
// server/auth/clientAddress.ts counts LOOPLINE_TRUSTED_PROXY_HOPS entries from the right.
//   node scripts/serve.mjs [--dev] [-p PORT] [-H HOST]
import { createServer } from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { dev: { type: "boolean", default: false }, port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } } });
const dev = values.dev;
// Before Next loads: it picks its build (development or production) from NODE_ENV.
process.env.NODE_ENV ??= dev ? "development" : "production";
// A developer's webhook receiver runs on this machine (http://localhost:…).
if (dev) process.env.LOOPLINE_WEBHOOKS_ALLOW_PRIVATE ??= "1";
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME ?? "localhost";

const { default: next } = await import("next");
const server = createServer();
const app = next({ dev, port, hostname, httpServer: server });
const handle = app.getRequestHandler();
await app.prepare();

/** "::ffff:10.0.0.7" is IPv4 on a dual-stack socket: written as IPv4, one address one bucket. */
const plain = (address) => (address?.startsWith("::ffff:") ? address.slice(7) : address) ?? "unknown";

server.on("request", (req, res) => {
  const socketAddress = plain(req.socket.remoteAddress);
  const sent = req.headers["x-forwarded-for"];
  req.headers["x-forwarded-for"] = sent ? `${sent}, ${socketAddress}` : socketAddress;
  handle(req, res);
});
server.listen(port, values.hostname, () => {
  console.log(`Loopline ${dev ? "(dev) " : ""}on http://${hostname}:${port}`);
});
