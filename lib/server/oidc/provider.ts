import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { env, isHttps } from "@/lib/server/config/env";
import { COOKIE, cookieOptions } from "@/lib/server/config/cookies";
import { db } from "@/lib/server/db/client";
import { plainContext } from "@/lib/server/flows/context";
import { signOut } from "@/lib/server/flows/login/sign-out";
import { getSessionAccount } from "@/lib/server/identity/sessions";
import { errorSummary, log } from "@/lib/server/log";
import { clientIp, ipGroup } from "@/lib/server/security/client-ip";
import { PrismaAdapter } from "./adapter";
import { ACR, accountClaims, asksTwoStep } from "./claims";
import { keysVersion, loadKeys } from "./keys";
import { OIDC_COOKIES } from "./cookie-names";
import { renderErrorPage, renderLogoutPage, renderLogoutDonePage } from "./pages";

// "Sign in with Mi": the portal is an OpenID Provider (oidc-provider, panva's certified implementation), mounted on
// the portal's own origin by its server (scripts/server.ts) under /oidc/, with discovery at
// /.well-known/openid-configuration. The issuer is APP_URL itself. What it does not do itself, the portal does:
// - people sign in on the portal's own sign-in page, and consent on its own page (app/authorize/[uid]);
// - its session follows the portal's: no portal session, or another account's, and it asks for a sign-in again
//   (the `portal_session` check below), so signing out of the portal signs out of "Sign in with Mi" too;
// - everything it keeps is in the database (adapter.ts), its keys too (keys.ts), so instances answer as one.

/** Where the provider's endpoints live on the portal's origin. */
export const OIDC_PREFIX = "/oidc";
export const SCOPES = ["openid", "profile", "email", "phone", "offline_access"] as const;

const ttl = {
  AccessToken: 60 * 60,
  AuthorizationCode: 60,
  IdToken: 60 * 60,
  // Refresh tokens are rotated at each use; an unused one lasts 30 days, and none outlives its grant.
  RefreshToken: 30 * 24 * 60 * 60,
  Interaction: 60 * 60,
  // The provider's session only ever stands beside the portal's (12 hours at most, lib/server/identity/sessions.ts).
  Session: 12 * 60 * 60,
  Grant: 365 * 24 * 60 * 60,
};

/**
 * Is the portal session of this request the one the provider's session was made for? Asked at every authorization
 * request: one lookup by the session's unique token hash, none when the provider has no session (a sign-in is
 * asked for then anyway).
 */
async function portalSessionMatches(ctx: KoaContextWithOIDC): Promise<boolean> {
  const accountId = ctx.oidc.session?.accountId;
  const token = ctx.cookies.get(COOKIE.session, { signed: false });
  if (!accountId || !token) return false;
  return (await getSessionAccount(token, new Date()))?.id === accountId;
}

function policy() {
  const prompts = interactionPolicy.base();
  const login = prompts.get("login")!;
  // With prompt=none the app is told login_required (OpenID Connect Core §3.1.2.6), as for no session at all, so
  // it knows to send the person to sign in rather than give up (the default, interaction_required, says less).
  login.checks.add(
    new interactionPolicy.Check("portal_session", "the portal session ended or is another account's", "login_required", async (ctx) => !(await portalSessionMatches(ctx))),
  );
  // acr_values naming two-step only: a session signed in with one step is asked for its second (claims.ts).
  login.checks.add(
    new interactionPolicy.Check("two_step", "the app asks for a sign-in with two-step verification", "login_required", (ctx) => asksTwoStep(ctx.oidc.params?.acr_values) && ctx.oidc.acr !== ACR.twoStep),
  );
  return prompts;
}

/** The latest grant this account gave this app, from any browser: consent is asked once per app, not per browser. */
async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const accountId = oidc.session?.accountId;
  if (!oidc.client || !accountId) return undefined;
  const grantId =
    (oidc.result?.consent as { grantId?: string } | undefined)?.grantId ??
    oidc.session?.grantIdFor(oidc.client.clientId) ??
    (await db.oidcArtifact.findFirst({ where: { kind: "Grant", accountId, clientId: oidc.client.clientId }, orderBy: { expiresAt: "desc" }, select: { id: true } }))?.id;
  if (!grantId) return undefined;
  const grant = await oidc.provider.Grant.find(grantId);
  return grant && grant.accountId === accountId ? grant : undefined;
}

function configuration(keys: Awaited<ReturnType<typeof loadKeys>>): Configuration {
  return {
    adapter: PrismaAdapter,
    clients: [],
    findAccount: async (_ctx, sub) => {
      const claims = await accountClaims(sub);
      return claims ? { accountId: sub, claims: () => claims } : undefined;
    },
    claims: {
      // How the person signed in (claims.ts): every app may know it, whether or not it asked with acr_values.
      openid: ["sub", "acr", "amr"],
      profile: ["mi_id", "name", "locale"],
      email: ["email", "email_verified"],
      phone: ["phone_number", "phone_number_verified"],
    },
    scopes: [...SCOPES],
    acrValues: [ACR.oneStep, ACR.twoStep],
    // Scope claims go in the ID token too (not only in userinfo), the person's locale with them.
    conformIdTokenClaims: false,
    subjectTypes: ["public"],
    responseTypes: ["code"],
    // PKCE (S256) for every app, public or not (RFC 9700 §2.1.1).
    pkce: { required: () => true },
    clientAuthMethods: ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"],
    enabledJWA: { idTokenSigningAlgValues: ["ES256", "RS256"] },
    extraClientMetadata: { properties: ["mi_resource_server"] },
    jwks: { keys: keys.jwks as never },
    cookies: {
      keys: keys.cookieKeys,
      names: OIDC_COOKIES,
      long: { httpOnly: true, sameSite: "lax", secure: isHttps, signed: true },
      short: { httpOnly: true, sameSite: "lax", secure: isHttps, signed: true },
    },
    ttl,
    rotateRefreshToken: true,
    loadExistingGrant,
    interactions: { url: (_ctx, interaction) => `/authorize/${interaction.uid}`, policy: policy() },
    routes: {
      authorization: `${OIDC_PREFIX}/auth`,
      token: `${OIDC_PREFIX}/token`,
      userinfo: `${OIDC_PREFIX}/me`,
      jwks: `${OIDC_PREFIX}/jwks`,
      revocation: `${OIDC_PREFIX}/token/revocation`,
      introspection: `${OIDC_PREFIX}/token/introspection`,
      end_session: `${OIDC_PREFIX}/session/end`,
    },
    features: {
      devInteractions: { enabled: false },
      // Pushed authorization requests (on by default) would add an endpoint that takes an app's request before the
      // browser comes, for request objects and rich requests the portal does not offer: an endpoint less to defend.
      pushedAuthorizationRequests: { enabled: false },
      // Only the token's own app may revoke it; another app's request is answered alike (RFC 7009 §2.2) and changes
      // nothing (the default tells a confidential app the token is someone else's).
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      introspection: {
        enabled: true,
        // An app may ask about its own tokens; a registered resource server (an API, which authenticates: a
        // public client_id proves nothing) about the access tokens apps present to it, never their refresh tokens.
        allowedPolicy: async (_ctx, client, token) =>
          token.clientId === client.clientId || (client.metadata().mi_resource_server === true && client.clientAuthMethod !== "none" && token.kind === "AccessToken"),
      },
      rpInitiatedLogout: { enabled: true, logoutSource: renderLogoutPage, postLogoutSuccessSource: renderLogoutDonePage },
    },
    renderError: renderErrorPage,
    // The token and userinfo endpoints answer browsers only from an app's own origins (its redirect URIs'). A
    // private-use scheme's URI has the opaque origin "null", which is also what any sandboxed frame or file sends:
    // it names no one, so it is never allowed.
    clientBasedCORS: (_ctx, origin, client) => origin !== "null" && (client.redirectUris ?? []).some((uri) => new URL(uri).origin === origin),
  };
}

/**
 * An error's text for the log, with anything shaped like a code, token or secret (20 or more base64url characters)
 * cut out: a database error quotes the values of its query, and the provider's rows are keyed by them.
 */
function withoutSecrets(text: string): string {
  return text.replace(/[A-Za-z0-9_-]{20,}/g, "[…]");
}

/**
 * An app's sign-out (RP-initiated logout) that the person confirmed ends the portal's session too: the two are one
 * session to the person. Runs after the provider has answered, before the answer is sent.
 */
async function endPortalSessionOnLogout(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  await next();
  if (ctx.oidc?.route !== "end_session_confirm" || ctx.method !== "POST" || ctx.status >= 400) return;
  if (!(ctx.oidc.body as { logout?: string } | undefined)?.logout) return;
  // Only a sign-out the person confirmed on the provider's page (renderLogoutPage), of the account the portal is
  // signed in as. A provider session that is no one's is ended by a form that posts itself (logout=yes) with no
  // question asked, and any site can send a browser there: it must not end the portal's session.
  const accountId = ctx.oidc.session?.accountId;
  const token = ctx.cookies.get(COOKIE.session, { signed: false });
  if (!accountId || !token) return;
  if ((await getSessionAccount(token, new Date()))?.id !== accountId) return;
  const address = ipGroup(clientIp({ socketIp: ctx.get("x-mi-socket-ip"), forwardedFor: ctx.get("x-forwarded-for"), trustedProxies: env.TRUST_PROXY }));
  await signOut({ token }, plainContext({ ipGroup: address }));
  ctx.cookies.set(COOKIE.session, "", { ...cookieOptions, signed: false, expires: new Date(0) });
}

/** A provider with these keys; getProvider() keeps this process's one (tests make a second, as another instance). */
export function createProvider(keys: Awaited<ReturnType<typeof loadKeys>>): Provider {
  const provider = new Provider(env.APP_URL, configuration(keys));
  // The scheme and host are the issuer's (handleOidcRequest sets them), so the provider reads them from X-Forwarded-*.
  provider.proxy = true;
  provider.on("server_error", (_ctx, error) => log.error("oidc.server_error", { error: withoutSecrets(errorSummary(error)) }));
  provider.use(endPortalSessionOnLogout);
  return provider;
}

// One provider per process, made again when the key set changes (another instance or `npm run oidc:keys`
// rotated it): looked at no more than every 30 seconds, well within the minute a new key is published before it
// signs (NEW_KEY_PUBLISHED_FIRST_MS, lib/server/oidc/keys.ts).
const RELOAD_CHECK_MS = 30_000;
let current: { provider: Provider; version: string; checkedAt: number } | null = null;
let loading: Promise<Provider> | null = null;

export async function getProvider(): Promise<Provider> {
  const now = Date.now();
  if (current && now - current.checkedAt < RELOAD_CHECK_MS) return current.provider;
  loading ??= (async () => {
    try {
      if (current && (await keysVersion({ now: new Date() })) === current.version) {
        current.checkedAt = Date.now();
        return current.provider;
      }
      const keys = await loadKeys({ now: new Date() });
      current = { provider: createProvider(keys), version: keys.version, checkedAt: Date.now() };
      return current.provider;
    } finally {
      loading = null;
    }
  })();
  return loading;
}

const issuer = new URL(env.APP_URL);

/** The Node request handler the portal's server passes /oidc/ and discovery requests to. */
export async function handleOidcRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const provider = await getProvider();
  // Every URL the provider writes (the discovery document's endpoints, its redirects to itself) is on the issuer's
  // origin, whatever Host or X-Forwarded-Host the request came with: those are the sender's to choose, and a cache
  // in front would keep a discovery document that sends apps' secrets to someone else's token endpoint. The scheme
  // too, so its Secure cookies are set behind a load balancer that ends TLS without saying so.
  req.headers["x-forwarded-host"] = issuer.host;
  req.headers["x-forwarded-proto"] = issuer.protocol.slice(0, -1);
  // The provider's own pages (errors, sign-out) may not be framed, as none of the portal's may. No script runs but
  // the one line that submits a self-posting form (response_mode=form_post, a sign-out that asks nothing): the
  // provider adds that script's hash to script-src, which it finds here (without the directive, the browser blocked
  // the script and, JavaScript being on, showed no button either: a blank page).
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'none'; style-src 'self'; form-action 'self' *; frame-ancestors 'none'; base-uri 'none'");
  res.setHeader("Referrer-Policy", "no-referrer");
  provider.callback()(req, res);
}
