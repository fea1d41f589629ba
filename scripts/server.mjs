// The portal's HTTP server: Next.js's request handler behind a plain Node server, for the one thing
// `next start` cannot give the app, the socket's own address. It is passed on in x-mi-socket-ip, replacing
// whatever a client sent under that name, so rate limits can trust it (lib/client-ip.ts).
import { createServer } from "node:http";
import next from "next";

export async function startServer({ port, hostname = "0.0.0.0" }) {
  const app = next({ dev: false, dir: process.cwd(), hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    req.headers["x-mi-socket-ip"] = req.socket.remoteAddress ?? "";
    handle(req, res);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  console.log(`Mi Account portal listening on http://localhost:${port}`);
  return server;
}
