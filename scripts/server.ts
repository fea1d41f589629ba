// The portal's HTTP server: Next.js's request handler behind a plain Node server, for what `next start`
// cannot give the app:
// - the socket's own address, passed on in x-mi-socket-ip (replacing whatever a client sent under that name)
//   so rate limits can trust it (lib/client-ip.ts);
// - the OpenID Provider ("Sign in with Mi", lib/server/oidc/provider.ts), which answers /oidc/ and
//   /.well-known/openid-configuration itself: the app registers its handler when it starts (instrumentation.ts);
// - prerendered pages (app/_lib/prerendered.ts): stored HTML sent before Next.js routes the request, registered by
//   the app as it starts, like the OpenID Provider;
// - the front door (lib/server/security/front-door.ts): the security headers, the CSP nonce, the language and the
//   refusals every other request meets before Next.js, registered the same way;
// - the portal's own routes (app/_lib/own-routes.ts: the sign-in form's POST, /healthz), answered after the front
//   door without Next.js, registered the same way;
// - a graceful stop: on SIGTERM or SIGINT it takes no new requests, lets those in flight and the mail they
//   queued with after() finish for up to 10 s, then exits.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import next from "next";

const GRACE_MS = 10_000;
type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
const oidcHandler = () => (globalThis as Record<symbol, NodeHandler | undefined>)[Symbol.for("mi.oidc")];
/** Resolves true when it answered the request, false when Next.js should. */
type PrerenderedHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
/** Resolves true when it answered the request (a refusal, the 503), false when Next.js should. */
type FrontDoorHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
const frontDoorHandler = () => (globalThis as Record<symbol, FrontDoorHandler | undefined>)[Symbol.for("mi.frontDoor")];
const prerenderedHandler = () => (globalThis as Record<symbol, PrerenderedHandler | undefined>)[Symbol.for("mi.prerendered")];
/** Resolves true when it answered the request, false when Next.js should. */
type OwnRouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
const ownRouteHandler = () => (globalThis as Record<symbol, OwnRouteHandler | undefined>)[Symbol.for("mi.ownRoutes")];
const isOidcPath = (url: string | undefined) => /^\/(?:oidc(?:[/?]|$)|\.well-known\/openid-configuration(?:\?|$))/.test(url ?? "");
// Work queued to run after a response (app/_lib/request-context.ts adds to this set).
const inFlight: Set<Promise<unknown>> = ((globalThis as Record<symbol, Set<Promise<unknown>>>)[Symbol.for("mi.inFlight")] ??=
  new Set());

/** A plain 503 of the server's own, for when the app cannot answer. */
function unavailable(res: ServerResponse, { text, retryAfterSeconds }: { text: string; retryAfterSeconds: number }): void {
  res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "retry-after": String(retryAfterSeconds), "cache-control": "no-store" });
  res.end(text);
}

/** A handler before Next.js threw: logged by name only, then a 503, or a cut connection if its answer had begun. */
function failed(res: ServerResponse, event: string, error: unknown): void {
  console.error(JSON.stringify({ time: new Date().toISOString(), level: "error", event, error: error instanceof Error ? error.name : "unknown" }));
  if (res.headersSent) return void res.destroy();
  unavailable(res, { text: "Service unavailable", retryAfterSeconds: 5 });
}

export async function startServer({ port, hostname = "0.0.0.0", dev = false }: { port: number; hostname?: string; dev?: boolean }): Promise<Server> {
  const app = next({ dev, dir: process.cwd(), hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    req.headers["x-mi-socket-ip"] = req.socket.remoteAddress ?? "";
    // While stopping, each answer is the connection's last: the client opens its next one elsewhere.
    if (stopping) res.setHeader("Connection", "close");
    const oidc = isOidcPath(req.url) ? oidcHandler() : undefined;
    if (oidc) {
      oidc(req, res).catch((error: unknown) => failed(res, "oidc.failed", error));
      return;
    }
    const front = frontDoorHandler();
    if (!front) {
      // Not registered yet (the app is still starting): nothing goes out without the portal's headers.
      return unavailable(res, { text: "Starting", retryAfterSeconds: 1 });
    }
    const ownRoute = ownRouteHandler();
    const afterFrontDoor = () =>
      (ownRoute ? ownRoute(req, res) : Promise.resolve(false)).then(
        (answered) => {
          if (!answered) void handle(req, res);
        },
        (error: unknown) => failed(res, "own-route.failed", error),
      );
    const throughFrontDoor = () =>
      front(req, res).then(
        (answered) => {
          if (!answered) void afterFrontDoor();
        },
        (error: unknown) => failed(res, "front-door.failed", error),
      );
    const prerendered = prerenderedHandler();
    if (!prerendered) return void throughFrontDoor();
    prerendered(req, res).then(
      (answered) => {
        if (!answered) void throughFrontDoor();
      },
      () => {
        if (res.headersSent) res.destroy();
        else void throughFrontDoor();
      },
    );
  });
  // An idle keep-alive connection is closed by the load balancer in front, never first by the portal. Node's 5 s
  // default is also HAProxy's (pool-purge-delay) for idle connections to a server: a request HAProxy sends on one
  // just as Node closes it is lost, and HAProxy closes the client's connection so that a browser retries, which
  // other HTTP clients do not. Above HAProxy's 60 s (ops/haproxy.cfg) and a cloud balancer's usual 60 s idle timeout.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  console.log(`Mi Account portal listening on http://localhost:${port}`);
  return server;
}

let stopping = false;

export function stopGracefully(server: Server, signal: NodeJS.Signals): void {
  stopping = true;
  console.log(`${signal}: stopping; finishing requests in flight (up to ${GRACE_MS / 1000} s)`);
  const deadline = setTimeout(() => {
    console.error("Grace period over; closing the remaining connections.");
    server.closeAllConnections();
    process.exit(1);
  }, GRACE_MS);
  deadline.unref();
  server.close(async () => {
    await Promise.allSettled([...inFlight]);
    console.log("Stopped.");
    process.exit(0);
  });
  server.closeIdleConnections();
  // A response that ends after this leaves its connection idle, and with a 65 s keep-alive it would hold the stop
  // until the grace period ran out: idle connections are closed as they appear.
  setInterval(() => server.closeIdleConnections(), 100).unref();
}
