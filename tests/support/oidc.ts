import * as client from "openid-client";
import { db } from "@/lib/server/db/client";
import { COOKIE } from "@/lib/server/config/cookies";
import { createSession } from "@/lib/server/identity/sessions";
import { hashPassword } from "@/lib/server/identity/passwords";
import { newMiId } from "@/lib/server/identity/mi-id";
import { addClient, type NewClient } from "@/lib/server/oidc/clients";
import { findInteraction, finishConsent, finishLogin, OIDC_INTERACTION_COOKIE } from "@/lib/server/oidc/interactions";
import { newEmail, PASSWORD } from "./fixtures";
import { newPhone } from "./phone-accounts";

// The relying party's side and the browser's, for the provider's integration tests (tests/integration/oidc-*).
// Import after tests/support/oidc-server.ts. The portal's pages (/authorize/<uid>) are stood in for by calling
// lib/server/oidc/interactions.ts as they do: they are tested with the pages themselves.

/** A browser: a cookie jar (by name: each test's flows use their own) and requests that do not follow redirects. */
export class Browser {
  readonly cookies = new Map<string, string>();

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async get(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() } });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const index = pair!.indexOf("=");
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      const expired = attributes.some((attribute) => /^\s*expires=Thu, 01 Jan 1970/i.test(attribute)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}

/** An active account, made directly (registration is tested where it is built); its email and phone proven. */
export async function activeAccount({ email = newEmail("oidc") as string | null, phone = null as string | null | true, locale = "en", status = "active" as "active" | "pending" } = {}) {
  const number = phone === true ? newPhone() : phone;
  return db.account.create({
    data: { miId: newMiId(), email, emailKey: email?.toLowerCase() ?? null, phone: number, country: "GB", wantsOffers: false, passwordHash: await hashPassword(PASSWORD), status, activatedAt: status === "active" ? new Date() : null, locale },
  });
}

/** A browser signed in to the portal as this account (its session cookie set). */
export async function signedInBrowser(accountId: string): Promise<{ browser: Browser; sessionToken: string }> {
  const browser = new Browser();
  const { token } = await createSession({ accountId, now: new Date() });
  browser.cookies.set(COOKIE.session, token);
  return { browser, sessionToken: token };
}

export type TestApp = { clientId: string; clientSecret?: string; redirectUri: string; config: client.Configuration };

/** Registers an app and makes its openid-client configuration from the provider's discovery document. */
export async function registerApp(issuer: string, app: Partial<NewClient> & { auth?: client.ClientAuth } = {}): Promise<TestApp> {
  const redirectUris = app.redirectUris ?? ["https://app.example/callback"];
  const registered = await addClient({ name: app.name ?? "Test App", ...app, redirectUris });
  const auth = app.auth ?? (app.isPublic ? client.None() : registered.clientSecret ? client.ClientSecretBasic(registered.clientSecret) : client.None());
  const config = await client.discovery(new URL(issuer), registered.clientId, undefined, auth, { execute: [client.allowInsecureRequests] });
  return { clientId: registered.clientId, clientSecret: registered.clientSecret, redirectUri: redirectUris[0]!, config };
}

export type Authorization = { verifier: string; state: string; nonce: string; url: URL };

/** An authorization request as the app builds it (PKCE S256, state and nonce); `params` adds or overrides. */
export async function authorizationRequest(app: TestApp, params: Record<string, string> = {}): Promise<Authorization> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(app.config, {
    redirect_uri: app.redirectUri,
    scope: "openid profile email phone offline_access",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    prompt: "consent",
    ...params,
  });
  return { verifier, state, nonce, url };
}

/**
 * The browser's way through the provider: its redirects are followed on the portal's origin; at /authorize/<uid>
 * the portal's page is stood in for (sign-in as `accountId`, consent). Returns the first redirect off the origin
 * (the app's redirect URI with the code) or the provider's answer that was not a redirect.
 */
export async function followAuthorization({ browser, url, accountId, consent = true }: { browser: Browser; url: URL | string; accountId: string; consent?: boolean }): Promise<{ redirect: URL | null; response: Response; steps: string[] }> {
  const origin = new URL(url).origin;
  let next: string | null = String(url);
  const steps: string[] = [];
  for (let hops = 0; hops < 10 && next; hops += 1) {
    const target: URL = new URL(next, origin);
    if (target.origin !== origin) throw new Error("unreachable");
    const uid = /^\/authorize\/([^/]+)$/.exec(target.pathname)?.[1];
    if (uid) {
      const interaction = await findInteraction({ uid, cookieUid: browser.cookies.get(OIDC_INTERACTION_COOKIE) });
      if (!interaction) throw new Error(`no open interaction ${uid}`);
      steps.push(interaction.step);
      if (interaction.step === "consent" && !consent) return { redirect: null, response: new Response(null), steps };
      next =
        interaction.step === "login"
          ? await finishLogin({ uid, accountId, authTime: Math.floor(Date.now() / 1000), amr: ["pwd"] })
          : await finishConsent({ uid, accountId });
      continue;
    }
    const response = await browser.get(target);
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location) return { redirect: null, response, steps };
    const resolved = new URL(location, target);
    if (resolved.origin !== origin) return { redirect: resolved, response, steps };
    next = resolved.href;
  }
  throw new Error("too many redirects");
}

/** The whole sign-in: authorization, the portal's steps, the code exchanged by openid-client. */
export async function signInWithMi({ app, browser, accountId, params = {} }: { app: TestApp; browser: Browser; accountId: string; params?: Record<string, string> }) {
  const request = await authorizationRequest(app, params);
  const { redirect } = await followAuthorization({ browser, url: request.url, accountId });
  if (!redirect) throw new Error("the provider did not redirect back to the app");
  const tokens = await client.authorizationCodeGrant(app.config, redirect, { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce });
  return { request, redirect, tokens };
}

/** A raw token endpoint request (for the requests openid-client will not make): the parsed JSON and status. */
export async function tokenRequest(issuer: string, body: Record<string, string>, { clientId, clientSecret }: { clientId: string; clientSecret?: string }) {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (clientSecret) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`;
  const response = await fetch(`${issuer}/oidc/token`, { method: "POST", headers, body: new URLSearchParams(clientSecret ? body : { client_id: clientId, ...body }) });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}
