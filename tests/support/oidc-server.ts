import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// The OpenID Provider over real HTTP, in the test process: a node:http server on a free port that hands every
// request to a handler the test file sets once lib/ is loaded (lib/server/oidc/provider.ts's handleOidcRequest).
// The provider's issuer is APP_URL, read once by lib/server/config/env.ts when lib/ is first imported, so this
// module must be the test file's FIRST import: it starts the server and points APP_URL at it before anything
// loads lib/ (tests/integration/setup.ts sets APP_URL to a placeholder and imports no lib/ module that reads it).

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export type TestServer = { url: string; server: Server; setHandler: (handler: Handler) => void; close: () => Promise<void> };

export async function startTestServer(): Promise<TestServer> {
  let handler: Handler | null = null;
  const server = createServer((req, res) => {
    if (!handler) {
      res.statusCode = 503;
      res.end();
      return;
    }
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    setHandler: (next) => {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The server the provider answers on; APP_URL (the issuer) is its address. */
export const portal = await startTestServer();
process.env.APP_URL = portal.url;
