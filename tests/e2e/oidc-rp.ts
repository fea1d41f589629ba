import { execFile } from "node:child_process";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import * as client from "openid-client";

// A relying party the end-to-end tests drive: openid-client (panva), as a real app uses it, against the portal's
// OpenID Provider. It is registered with the operator's own command (`npm run oidc:client -- add … --json`) and
// receives the browser at a callback of its own, a tiny HTTP server on a free port. Two kinds of app:
// - a web app: confidential (client_secret_basic), its callback an exact http://localhost:<port>/callback;
// - a native app (RFC 8252): public, PKCE alone, registered as http://127.0.0.1/callback and listening on a port
//   of its choosing, which the provider must accept for a loopback redirect (§7.3).
// openid-client checks the state, the nonce, PKCE and the `iss` of the response (RFC 9207) itself.

const run = promisify(execFile);

export type AppKind = "web" | "native";
export type Registration = { clientId: string; clientSecret?: string };

/** `npm run oidc:client -- add`, on the database `databaseUrl` (the shared e2e server's by default). */
export async function registerApp({
  name,
  redirectUri,
  postLogoutRedirectUri,
  isPublic = false,
  databaseUrl = process.env.E2E_DATABASE_URL as string,
}: {
  name: string;
  redirectUri: string;
  postLogoutRedirectUri?: string;
  isPublic?: boolean;
  databaseUrl?: string;
}): Promise<Registration> {
  const args = ["run", "-s", "oidc:client", "--", "add", "--name", name, "--redirect-uri", redirectUri, "--json"];
  if (postLogoutRedirectUri) args.push("--post-logout-redirect-uri", postLogoutRedirectUri);
  if (isPublic) args.push("--public");
  const { stdout } = await run("npm", args, { env: { ...process.env, DATABASE_URL: databaseUrl } });
  const printed = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { client_id?: string; client_secret?: string };
  if (!printed.client_id) throw new Error(`oidc:client printed no client_id: ${stdout}`);
  return { clientId: printed.client_id, clientSecret: printed.client_secret };
}

/** The app's own web server: records every request the browser makes to it, and answers with a small page. */
class AppServer {
  private readonly seen: URL[] = [];
  private readonly waiting: Array<{ path: string; resolve: (url: URL) => void }> = [];

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(host: "localhost" | "127.0.0.1"): Promise<AppServer> {
    const server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const app = new AppServer(server, `http://${host}:${(server.address() as AddressInfo).port}`);
    server.on("request", (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? "/", app.origin);
      app.received(url);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(`<!doctype html><html lang="en"><title>The app</title><h1>The app got ${url.pathname}</h1></html>`);
    });
    return app;
  }

  private received(url: URL): void {
    const waiter = this.waiting.findIndex((wait) => wait.path === url.pathname);
    if (waiter >= 0) this.waiting.splice(waiter, 1)[0]!.resolve(url);
    else this.seen.push(url);
  }

  /** The next request the browser makes to `path` (or one it already made that no one took yet). */
  next(path: string): Promise<URL> {
    const index = this.seen.findIndex((url) => url.pathname === path);
    if (index >= 0) return Promise.resolve(this.seen.splice(index, 1)[0]!);
    return new Promise((resolve) => this.waiting.push({ path, resolve }));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** One authorization request: where to send the browser, and what the app keeps to check the answer with. */
export type Authorization = { url: URL; state: string; nonce: string; codeVerifier: string };

export type RelyingPartyOptions = {
  kind: AppKind;
  name: string;
  /** The portal's issuer (APP_URL). */
  issuer: string;
  databaseUrl?: string;
  /** Sends every request of openid-client through this (to aim a request at one instance, say). */
  fetch?: client.CustomFetch;
};

export class RelyingParty {
  private constructor(
    readonly kind: AppKind,
    readonly registration: Registration,
    readonly config: client.Configuration,
    readonly server: AppServer,
    /** Where this app asks the portal to send the browser back. */
    readonly redirectUri: string,
    readonly postLogoutRedirectUri: string,
  ) {}

  static async start({ kind, name, issuer, databaseUrl, fetch }: RelyingPartyOptions): Promise<RelyingParty> {
    const server = await AppServer.start(kind === "web" ? "localhost" : "127.0.0.1");
    const redirectUri = `${server.origin}/callback`;
    const postLogoutRedirectUri = `${server.origin}/signed-out`;
    const registration = await registerApp({
      name,
      databaseUrl,
      isPublic: kind === "native",
      // A native app registers its loopback redirect without a port and listens on whichever port is free.
      redirectUri: kind === "native" ? "http://127.0.0.1/callback" : redirectUri,
      postLogoutRedirectUri: kind === "web" ? postLogoutRedirectUri : undefined,
    });
    const auth = registration.clientSecret ? client.ClientSecretBasic(registration.clientSecret) : client.None();
    const config = await client.discovery(new URL(issuer), registration.clientId, undefined, auth, {
      execute: [client.allowInsecureRequests],
    });
    if (fetch) config[client.customFetch] = fetch;
    return new RelyingParty(kind, registration, config, server, redirectUri, postLogoutRedirectUri);
  }

  get issuer(): string {
    return this.config.serverMetadata().issuer;
  }

  /** A new authorization request (code flow, PKCE S256, state and nonce); `extra` adds or overrides parameters. */
  async authorize(extra: Record<string, string> = {}): Promise<Authorization> {
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(this.config, {
      redirect_uri: this.redirectUri,
      scope: "openid profile email",
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      state,
      nonce,
      ...extra,
    });
    return { url, state, nonce, codeVerifier };
  }

  /** The browser's next arrival at the app's callback, with the portal's answer in its query. */
  callback(): Promise<URL> {
    return this.server.next("/callback");
  }

  /** The browser's arrival back at the app after an RP-initiated sign-out. */
  signedOut(): Promise<URL> {
    return this.server.next("/signed-out");
  }

  /** The code exchange, with every check openid-client makes: state, nonce, PKCE, iss, the ID token. */
  tokens(authorization: Authorization, callback: URL) {
    return client.authorizationCodeGrant(this.config, callback, {
      pkceCodeVerifier: authorization.codeVerifier,
      expectedState: authorization.state,
      expectedNonce: authorization.nonce,
      idTokenExpected: true,
    });
  }

  userinfo(accessToken: string, sub: string) {
    return client.fetchUserInfo(this.config, accessToken, sub);
  }

  refresh(refreshToken: string) {
    return client.refreshTokenGrant(this.config, refreshToken);
  }

  endSessionUrl(idToken: string): URL {
    return client.buildEndSessionUrl(this.config, { id_token_hint: idToken, post_logout_redirect_uri: this.postLogoutRedirectUri });
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

/** The OAuth error code a refused request ended with (`invalid_grant`, …), or the unexpected error itself. */
export async function oauthError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof client.ResponseBodyError || error instanceof client.AuthorizationResponseError) return error.error;
    if (error instanceof client.WWWAuthenticateChallengeError) return error.cause[0]?.parameters.error ?? error.code;
    throw error;
  }
  throw new Error("The request was not refused");
}
