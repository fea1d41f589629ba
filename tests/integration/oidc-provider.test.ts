import { portal } from "../support/oidc-server";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as client from "openid-client";
import { exportJWK, generateKeyPair } from "jose";
import { env } from "@/lib/server/config/env";
import { db } from "@/lib/server/db/client";
import { deleteSession, getSessionAccount } from "@/lib/server/identity/sessions";
import { endSessions } from "@/lib/server/flows/settings/sessions";
import { PrismaAdapter } from "@/lib/server/oidc/adapter";
import { findInteraction, finishLogin } from "@/lib/server/oidc/interactions";
import { handleOidcRequest } from "@/lib/server/oidc/provider";
import { OTHER_PASSWORD, PASSWORD } from "../support/fixtures";
import { changePassword, context, deleteAccount } from "../support/flows";
import { logLines } from "../support/integration-context";
import { activeAccount, authorizationRequest, followAuthorization, registerApp, signedInBrowser, signInWithMi, tokenRequest, type TestApp } from "../support/oidc";

// "Sign in with Mi" (issue 23) over real HTTP: the provider answers on this file's own server (its issuer is that
// server's address), openid-client is the app, and the portal's pages (/authorize/<uid>) are stood in for by the
// calls they make (tests/support/oidc.ts). Raw requests where an attack needs a request openid-client will not make.

const issuer = portal.url;
let web: TestApp;

beforeAll(async () => {
  expect(env.APP_URL).toBe(issuer);
  portal.setHandler(handleOidcRequest);
  web = await registerApp(issuer, { name: "Mi Store", redirectUris: ["https://app.example/callback"] });
});
afterAll(() => portal.close());

/** A signed-in person and one finished sign-in of the web app. */
async function signedIn(app: TestApp = web, accountOptions: Parameters<typeof activeAccount>[0] = {}) {
  const account = await activeAccount(accountOptions);
  const { browser, sessionToken } = await signedInBrowser(account.id);
  const result = await signInWithMi({ app, browser, accountId: account.id });
  return { account, browser, sessionToken, ...result };
}

/** An authorization code, not yet exchanged (with the PKCE verifier that goes with it). */
async function freshCode(app: TestApp = web) {
  const account = await activeAccount();
  const { browser } = await signedInBrowser(account.id);
  const request = await authorizationRequest(app);
  const { redirect } = await followAuthorization({ browser, url: request.url, accountId: account.id });
  const code = redirect?.searchParams.get("code");
  if (!code) throw new Error("no code");
  return { account, browser, request, code, redirect: redirect! };
}

/** The app's authorization request with some parameters changed or removed (null), sent by a signed-in browser. */
async function authorize(app: TestApp, params: Record<string, string | null>) {
  const account = await activeAccount();
  const { browser } = await signedInBrowser(account.id);
  const request = await authorizationRequest(app);
  for (const [name, value] of Object.entries(params)) {
    if (value === null) request.url.searchParams.delete(name);
    else request.url.searchParams.set(name, value);
  }
  return { request, account, browser, ...(await followAuthorization({ browser, url: request.url, accountId: account.id })) };
}

async function userinfoStatus(accessToken: string, base = issuer): Promise<number> {
  return (await fetch(`${base}/oidc/me`, { headers: { authorization: `Bearer ${accessToken}` } })).status;
}

describe("discovery and keys", () => {
  it("publishes the code flow with PKCE S256 only, iss in responses, and public ES256 and RS256 keys", async () => {
    const metadata = web.config.serverMetadata();
    expect(metadata.issuer).toBe(issuer);
    expect(metadata.response_types_supported).toEqual(["code"]);
    expect(metadata.code_challenge_methods_supported).toEqual(["S256"]);
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(["private_key_jwt", "client_secret_basic", "none"]));
    expect(metadata.grant_types_supported).not.toContain("implicit");
    // No pushed authorization requests: an endpoint less, for requests the portal does not offer.
    expect(metadata.pushed_authorization_request_endpoint).toBeUndefined();
    expect((await fetch(`${issuer}/oidc/request`, { method: "POST" })).status).toBe(404);

    const jwks = (await (await fetch(metadata.jwks_uri!)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.map((key) => key.alg).sort()).toEqual(["ES256", "RS256"]);
    for (const key of jwks.keys) {
      for (const secret of ["d", "p", "q", "dp", "dq", "qi", "k", "oth"]) expect(key).not.toHaveProperty(secret);
    }
  });

  it("writes its own origin into every URL, whatever host the request names", async () => {
    const forged = { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };
    const document = (await (await fetch(`${issuer}/.well-known/openid-configuration`, { headers: forged })).json()) as Record<string, unknown>;
    for (const [name, value] of Object.entries(document)) if (name.endsWith("_endpoint") || name === "jwks_uri") expect(value, name).toMatch(new RegExp(`^${issuer}/oidc/`));

    const account = await activeAccount();
    const { browser } = await signedInBrowser(account.id);
    const answer = await browser.get((await authorizationRequest(web)).url, { headers: forged });
    const uid = /\/authorize\/([^/?]+)/.exec(answer.headers.get("location")!)![1]!;
    expect(new URL(answer.headers.get("location")!, issuer).origin).toBe(issuer);
    expect(await finishLogin({ uid, accountId: account.id, authTime: Math.floor(Date.now() / 1000), amr: ["pwd"] })).toMatch(new RegExp(`^${issuer}/oidc/auth/`));
  });
});

describe("the code flow only, with PKCE S256", () => {
  it.each(["token", "id_token", "code id_token", "code token", "none"])("refuses response_type=%s and issues nothing", async (responseType) => {
    const { redirect, response } = await authorize(web, { response_type: responseType });
    const answer = redirect ? `${redirect.search}${redirect.hash}` : await response.text();
    expect(answer).toMatch(/unsupported_response_type|invalid_request|unauthorized_client/);
    expect(answer).not.toMatch(/access_token=|id_token=|[?&#]code=/);
  });

  it("requires PKCE of a confidential app too, and S256 only", async () => {
    const attempts: Record<string, string | null>[] = [{ code_challenge: null, code_challenge_method: null }, { code_challenge_method: "plain" }, { code_challenge_method: null }];
    for (const params of attempts) {
      const { redirect } = await authorize(web, params);
      expect(redirect?.searchParams.get("error")).toBe("invalid_request");
      expect(redirect?.searchParams.has("code")).toBe(false);
    }
  });

  it("refuses a code with another verifier, or with none", async () => {
    const { code, request } = await freshCode();
    const wrong = await tokenRequest(issuer, { grant_type: "authorization_code", code, redirect_uri: web.redirectUri, code_verifier: client.randomPKCECodeVerifier() }, web);
    expect(wrong).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const other = await freshCode();
    const none = await tokenRequest(issuer, { grant_type: "authorization_code", code: other.code, redirect_uri: web.redirectUri }, web);
    expect(none.status).toBe(400);
    expect(none.body.access_token).toBeUndefined();
    // The right verifier still works: the failed attempts did not spend the code.
    const right = await tokenRequest(issuer, { grant_type: "authorization_code", code, redirect_uri: web.redirectUri, code_verifier: request.verifier }, web);
    expect(right.status).toBe(200);
  });
});

describe("codes are used once", () => {
  it("refuses a code's second use and revokes what its first use got", async () => {
    const { code, request } = await freshCode();
    const body = { grant_type: "authorization_code", code, redirect_uri: web.redirectUri, code_verifier: request.verifier };
    const first = await tokenRequest(issuer, body, web);
    expect(first.status).toBe(200);
    expect(await userinfoStatus(first.body.access_token!)).toBe(200);
    const second = await tokenRequest(issuer, body, web);
    expect(second).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(await userinfoStatus(first.body.access_token!)).toBe(401);
    const refresh = await tokenRequest(issuer, { grant_type: "refresh_token", refresh_token: first.body.refresh_token! }, web);
    expect(refresh).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("gives one code to exactly one of ten requests made at once", async () => {
    const { code, request } = await freshCode();
    const body = { grant_type: "authorization_code", code, redirect_uri: web.redirectUri, code_verifier: request.verifier };
    const answers = await Promise.all(Array.from({ length: 10 }, () => tokenRequest(issuer, body, web)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    for (const answer of answers.filter((answer) => answer.status !== 200)) expect(answer.body.error).toBe("invalid_grant");
  });
});

describe("the adapter's consume()", () => {
  // On one SQLite connection the provider's requests above hardly interleave (its driver answers synchronously), so
  // the adapter is also asked directly, as ten instances would at once: the database lets exactly one through.
  it.each(["AuthorizationCode", "RefreshToken"])("lets one of ten consumers of a %s through and ends its grant", async (kind) => {
    const adapter = new PrismaAdapter(kind);
    const grantId = `grant-${kind}`;
    const { id: accountId } = await activeAccount();
    await new PrismaAdapter("Grant").upsert(grantId, { accountId, clientId: web.clientId } as never, 600);
    await adapter.upsert(`${kind}-1`, { grantId, accountId, clientId: web.clientId } as never, 600);
    await new PrismaAdapter("AccessToken").upsert(`at-${kind}`, { grantId, accountId, clientId: web.clientId } as never, 600);
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => adapter.consume(`${kind}-1`)));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    for (const outcome of outcomes.filter((outcome) => outcome.status === "rejected")) expect((outcome as PromiseRejectedResult).reason).toMatchObject({ error: "invalid_grant" });
    // A second consumer is a reuse: the grant and every token of it are gone, and the app leaves "Apps with access".
    expect(await db.oidcArtifact.count({ where: { OR: [{ grantId }, { id: grantId }] } })).toBe(0);
    expect(await db.appAccess.count({ where: { accountId, clientId: web.clientId } })).toBe(0);
  });
});

describe("refresh tokens rotate", () => {
  it("gives a new refresh token at each use; an old one used again ends the whole family", async () => {
    const { tokens } = await signedIn();
    const second = await client.refreshTokenGrant(web.config, tokens.refresh_token!);
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(tokens.refresh_token);
    const third = await client.refreshTokenGrant(web.config, second.refresh_token!);
    await expect(client.refreshTokenGrant(web.config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    // The newest token of the family, never used, ends with it, and so does its access token.
    await expect(client.refreshTokenGrant(web.config, third.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    expect(await userinfoStatus(third.access_token)).toBe(401);
  });

  it("lets exactly one of ten refreshes made at once with one token win", async () => {
    const { tokens } = await signedIn();
    const body = { grant_type: "refresh_token", refresh_token: tokens.refresh_token! };
    const answers = await Promise.all(Array.from({ length: 10 }, () => tokenRequest(issuer, body, web)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    for (const answer of answers.filter((answer) => answer.status !== 200)) expect(answer.body.error).toBe("invalid_grant");
  });
});

describe("redirect URIs match exactly", () => {
  it.each([
    ["another path", "https://app.example/other"],
    ["another port", "https://app.example:8443/callback"],
    ["another scheme", "http://app.example/callback"],
    ["another host", "https://evil.example/callback"],
    ["a host that only starts alike", "https://app.example.evil.example/callback"],
    ["an added query", "https://app.example/callback?next=https://evil.example"],
    ["a fragment", "https://app.example/callback#x"],
    ["a trailing slash", "https://app.example/callback/"],
  ])("refuses %s without redirecting to it or echoing it", async (_label, redirectUri) => {
    const { redirect, response } = await authorize(web, { redirect_uri: redirectUri });
    expect(redirect).toBeNull();
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    // The provider's own pages may not be framed.
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const page = await response.text();
    expect(page).toContain("invalid_redirect_uri");
    expect(page).not.toContain("evil.example");
    expect(page).not.toContain(redirectUri);
  });

  it("accepts a native app's loopback redirect on any port, and its own private-use scheme", async () => {
    const native = await registerApp(issuer, { name: "Mi Account app", isPublic: true, redirectUris: ["http://127.0.0.1/callback", "com.mi.account:/oauth2redirect"] });
    for (const redirectUri of ["http://127.0.0.1:51234/callback", "http://127.0.0.1/callback", "com.mi.account:/oauth2redirect"]) {
      const { redirect } = await authorize(native, { redirect_uri: redirectUri });
      expect(redirect?.href.startsWith(redirectUri)).toBe(true);
      expect(redirect?.searchParams.get("code")).toBeTruthy();
    }
    for (const redirectUri of ["http://127.0.0.1:51234/other", "http://localhost:51234/callback", "https://127.0.0.1/callback", "com.mi.evil:/oauth2redirect"]) {
      const { redirect, response } = await authorize(native, { redirect_uri: redirectUri });
      expect(redirect).toBeNull();
      expect(response.status).toBe(400);
    }
  });

  it("answers browsers at the token endpoint only from an app's own origin, never from the opaque origin null", async () => {
    const native = await registerApp(issuer, { name: "Native CORS", isPublic: true, redirectUris: ["com.mi.cors:/callback"] });
    const token = (origin: string, app: TestApp) =>
      fetch(`${issuer}/oidc/token`, { method: "POST", headers: { origin, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ client_id: app.clientId, grant_type: "authorization_code", code: "x", code_verifier: "y".repeat(43), redirect_uri: app.redirectUri }) });
    const fromNull = await token("null", native);
    expect(fromNull.headers.get("access-control-allow-origin")).toBeNull();
    expect(await fromNull.json()).toMatchObject({ error: "invalid_request" });
    const fromOther = await token("https://evil.example", web);
    expect(fromOther.headers.get("access-control-allow-origin")).toBeNull();
    const fromOwn = await token("https://app.example", web);
    expect(fromOwn.headers.get("access-control-allow-origin")).toBe("https://app.example");
  });

  it("takes localhost only as registered, port included", async () => {
    const local = await registerApp(issuer, { name: "Dev app", isPublic: true, redirectUris: ["http://localhost:8080/callback"] });
    expect((await authorize(local, { redirect_uri: "http://localhost:8080/callback" })).redirect?.searchParams.get("code")).toBeTruthy();
    expect((await authorize(local, { redirect_uri: "http://localhost:9090/callback" })).redirect).toBeNull();
  });

  it("refuses a request without redirect_uri when the app registered several", async () => {
    const two = await registerApp(issuer, { name: "Two", redirectUris: ["https://two.example/a", "https://two.example/b"] });
    const { redirect, response } = await authorize(two, { redirect_uri: null });
    expect(redirect).toBeNull();
    expect(response.status).toBe(400);
  });
});

describe("response_mode=form_post", () => {
  it("answers with a form that posts itself, its script allowed by the page's CSP and no other", async () => {
    const { redirect, response } = await authorize(web, { response_mode: "form_post" });
    expect(redirect).toBeNull();
    const page = await response.text();
    expect(page).toMatch(/<form method="post" action="https:\/\/app\.example\/callback">/);
    expect(page).toMatch(/name="code" value="[^"]+"/);
    const script = /<script>([\s\S]*?)<\/script>/.exec(page)![1]!;
    const csp = response.headers.get("content-security-policy")!;
    const scriptSources = /script-src ([^;]+)/.exec(csp)![1]!.split(" ");
    expect(scriptSources).toContain(`'sha256-${createHash("sha256").update(script).digest("base64")}'`);
    expect(scriptSources.filter((source) => source.startsWith("'sha256-"))).toHaveLength(1);
  });
});

describe("the authorization response and the ID token", () => {
  it("carry iss (RFC 9207), state and nonce", async () => {
    const { redirect, request, tokens } = await signedIn();
    expect(redirect.searchParams.get("iss")).toBe(issuer);
    expect(redirect.searchParams.get("state")).toBe(request.state);
    expect(tokens.claims()?.nonce).toBe(request.nonce);
    expect(tokens.claims()?.iss).toBe(issuer);
    expect(tokens.claims()?.aud).toBe(web.clientId);
  });

  it("lets openid-client refuse a response with another state or an ID token with another nonce (replayed ones)", async () => {
    const { redirect, request } = await freshCode();
    const refused = await client.authorizationCodeGrant(web.config, redirect, { pkceCodeVerifier: request.verifier, expectedState: client.randomState() }).catch((error: Error) => error);
    expect(String((refused as Error).cause ?? refused)).toMatch(/state/);
    const other = await freshCode();
    const replayed = await client.authorizationCodeGrant(web.config, other.redirect, { pkceCodeVerifier: other.request.verifier, expectedState: other.request.state, expectedNonce: client.randomNonce() }).catch((error: Error) => error);
    expect(replayed).toMatchObject({ cause: { cause: { claim: "nonce" } } });
  });
});

describe("consent", () => {
  it("cannot be skipped: prompt=none without it, or with more scopes than it gave, is consent_required", async () => {
    const account = await activeAccount();
    const { browser } = await signedInBrowser(account.id);
    const app = await registerApp(issuer, { name: "Consent app" });
    // Signed in to the provider through another app, never asked about this one.
    await signInWithMi({ app: web, browser, accountId: account.id });
    const silent = await followAuthorization({ browser, url: (await authorizationRequest(app, { prompt: "none" })).url, accountId: account.id });
    expect(silent.redirect?.searchParams.get("error")).toBe("consent_required");

    await signInWithMi({ app, browser, accountId: account.id, params: { scope: "openid email", prompt: "" } });
    const more = await followAuthorization({ browser, url: (await authorizationRequest(app, { scope: "openid email phone", prompt: "none" })).url, accountId: account.id });
    expect(more.redirect?.searchParams.get("error")).toBe("consent_required");
    const asked = await followAuthorization({ browser, url: (await authorizationRequest(app, { scope: "openid email phone", prompt: "" })).url, accountId: account.id, consent: false });
    expect(asked.steps).toEqual(["consent"]);
    // What was consented to is not asked again.
    const again = await followAuthorization({ browser, url: (await authorizationRequest(app, { scope: "openid email", prompt: "" })).url, accountId: account.id, consent: false });
    expect(again.steps).toEqual([]);
    expect(again.redirect?.searchParams.get("code")).toBeTruthy();
  });

  it("is the browser's that began the request: its interaction means nothing to another browser", async () => {
    const account = await activeAccount();
    const { browser } = await signedInBrowser(account.id);
    const request = await authorizationRequest(web);
    const answer = await browser.get(request.url);
    const uid = /\/authorize\/([^/?]+)/.exec(answer.headers.get("location")!)![1]!;
    expect(await findInteraction({ uid, cookieUid: undefined })).toBeNull();
    expect(await findInteraction({ uid, cookieUid: "another" })).toBeNull();
    expect(await findInteraction({ uid, cookieUid: uid })).toMatchObject({ step: "login", appName: "Mi Store" });
  });
});

describe("the provider's session is the portal's", () => {
  it("asks for a sign-in again once the portal session has ended (prompt=none: login_required)", async () => {
    const { account, browser, sessionToken } = await signedIn();
    // While the portal session lasts, prompt=none answers at once.
    const silent = await authorizationRequest(web, { prompt: "none" });
    const before = await followAuthorization({ browser, url: silent.url, accountId: account.id });
    expect(before.redirect?.searchParams.get("code")).toBeTruthy();

    await deleteSession(sessionToken);
    const after = await followAuthorization({ browser, url: (await authorizationRequest(web, { prompt: "none" })).url, accountId: account.id });
    expect(after.redirect?.searchParams.get("error")).toBe("login_required");
    expect(after.redirect?.searchParams.has("code")).toBe(false);
  });

  it("asks for a sign-in when the browser's portal session is another account's", async () => {
    const { browser } = await signedIn();
    const other = await activeAccount();
    const { browser: otherBrowser } = await signedInBrowser(other.id);
    browser.cookies.set(...[...otherBrowser.cookies][0]!);
    const silent = await followAuthorization({ browser, url: (await authorizationRequest(web, { prompt: "none" })).url, accountId: other.id });
    expect(silent.redirect?.searchParams.get("error")).toBe("login_required");
    const asked = await followAuthorization({ browser, url: (await authorizationRequest(web, { prompt: "" })).url, accountId: other.id });
    expect(asked.steps[0]).toBe("login");
  });
});

describe("an app's sign-out (RP-initiated logout)", () => {
  it("ends the provider's session and the portal's once the person confirms, and returns to the app", async () => {
    const logoutApp = await registerApp(issuer, { name: "Logout app", postLogoutRedirectUris: ["https://app.example/signed-out"] });
    const { account, browser, sessionToken, tokens } = await signedIn(logoutApp);
    const end = new URL(`${issuer}/oidc/session/end`);
    end.search = new URLSearchParams({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: "https://app.example/signed-out", state: "bye" }).toString();
    const question = await browser.get(end);
    expect(question.status).toBe(200);
    const page = await question.text();
    expect(page).toContain("Logout app");
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)![1]!;
    const confirmed = await browser.get(`${issuer}/oidc/session/end/confirm`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ xsrf, logout: "yes" }) });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toBe("https://app.example/signed-out?state=bye");
    expect(await getSessionAccount(sessionToken, new Date())).toBeNull();
    const silent = await followAuthorization({ browser, url: (await authorizationRequest(logoutApp, { prompt: "none" })).url, accountId: account.id });
    expect(silent.redirect?.searchParams.get("error")).toBe("login_required");
  });

  it("sends no one to a post-logout address the app did not register", async () => {
    const logoutApp = await registerApp(issuer, { name: "Logout app 2", postLogoutRedirectUris: ["https://app.example/signed-out"] });
    const { browser, tokens } = await signedIn(logoutApp);
    const attempts: Record<string, string>[] = [
      { id_token_hint: tokens.id_token!, post_logout_redirect_uri: "https://evil.example/" },
      { client_id: logoutApp.clientId, post_logout_redirect_uri: "https://app.example/signed-out/../../evil" },
    ];
    for (const params of attempts) {
      const answer = await browser.get(`${issuer}/oidc/session/end?${new URLSearchParams(params)}`);
      expect(answer.status).toBe(400);
      expect(answer.headers.get("location")).toBeNull();
      expect(await answer.text()).not.toContain("evil");
    }
  });

  it("ends no portal session by the form that posts itself when the provider's session is no one's", async () => {
    // A site sends a browser signed in to the portal (but to no app) to the provider's sign-out.
    const account = await activeAccount();
    const { browser, sessionToken } = await signedInBrowser(account.id);
    const answer = await browser.get(`${issuer}/oidc/session/end`);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(await answer.text())![1]!;
    const posted = await browser.get(`${issuer}/oidc/session/end/confirm`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ xsrf, logout: "yes" }) });
    expect(posted.status).toBe(303);
    expect(await getSessionAccount(sessionToken, new Date())).not.toBeNull();
  });
});

describe("revocation and introspection", () => {
  it("revokes an access token and a refresh token", async () => {
    const { tokens } = await signedIn();
    await client.tokenRevocation(web.config, tokens.access_token);
    expect(await userinfoStatus(tokens.access_token)).toBe(401);
    await client.tokenRevocation(web.config, tokens.refresh_token!);
    await expect(client.refreshTokenGrant(web.config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("lets no other app revoke an app's tokens", async () => {
    const { tokens } = await signedIn();
    const stranger = await registerApp(issuer, { name: "Revoker" });
    await client.tokenRevocation(stranger.config, tokens.access_token);
    await client.tokenRevocation(stranger.config, tokens.refresh_token!);
    expect(await userinfoStatus(tokens.access_token)).toBe(200);
    expect((await client.refreshTokenGrant(web.config, tokens.refresh_token!)).access_token).toBeTruthy();
  });

  it("tells the token's own app and a registered resource server, and no other app", async () => {
    const { tokens, account } = await signedIn();
    const api = await registerApp(issuer, { name: "Mi Cloud API", resourceServer: true });
    const stranger = await registerApp(issuer, { name: "Another app" });
    expect(await client.tokenIntrospection(web.config, tokens.access_token)).toMatchObject({ active: true, sub: account.id, client_id: web.clientId });
    expect(await client.tokenIntrospection(api.config, tokens.access_token)).toMatchObject({ active: true, sub: account.id });
    const refused = await client.tokenIntrospection(stranger.config, tokens.access_token);
    expect(refused.active).toBe(false);
    expect(refused.sub).toBeUndefined();
    expect((await client.tokenIntrospection(stranger.config, tokens.refresh_token!)).active).toBe(false);
    // A resource server is shown access tokens, not the refresh tokens only the app itself should hold.
    expect((await client.tokenIntrospection(api.config, tokens.refresh_token!)).active).toBe(false);
    expect((await client.tokenIntrospection(web.config, tokens.refresh_token!)).active).toBe(true);
  });
});

describe("private_key_jwt", () => {
  it("signs an app in that proves itself with its key, and refuses another key", async () => {
    const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), alg: "ES256", use: "sig", kid: "app-1" };
    const app = await registerApp(issuer, { name: "Keyed app", jwks: { keys: [jwk] }, auth: client.PrivateKeyJwt(privateKey) });
    const account = await activeAccount();
    const { browser } = await signedInBrowser(account.id);
    const { tokens } = await signInWithMi({ app, browser, accountId: account.id });
    expect(tokens.claims()?.sub).toBe(account.id);

    const { privateKey: wrongKey } = await generateKeyPair("ES256");
    const impostor = await client.discovery(new URL(issuer), app.clientId, undefined, client.PrivateKeyJwt(wrongKey, { [client.modifyAssertion]: (header: { kid?: string }) => void (header.kid = "app-1") } as never), { execute: [client.allowInsecureRequests] });
    await expect(client.refreshTokenGrant(impostor, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_client" });
    const unsigned = await tokenRequest(issuer, { grant_type: "refresh_token", refresh_token: tokens.refresh_token! }, { clientId: app.clientId });
    expect(unsigned).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    // The real key still works: the impostor's attempts did not use up the token.
    expect((await client.refreshTokenGrant(app.config, tokens.refresh_token!)).access_token).toBeTruthy();
  });
});

describe("app tokens end with the portal's security actions", () => {
  it("a password change ends every app's refresh tokens", async () => {
    const { account, tokens, sessionToken } = await signedIn();
    const session = await getSessionAccount(sessionToken, new Date());
    const changed = await changePassword(account.id, { sessionId: session!.sessionId }, PASSWORD, OTHER_PASSWORD);
    expect(changed.ok).toBe(true);
    await expect(client.refreshTokenGrant(web.config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    expect(await userinfoStatus(tokens.access_token)).toBe(401);
  });

  it("signing out everywhere ends every app's refresh tokens", async () => {
    const { account, tokens } = await signedIn();
    await endSessions({ accountId: account.id }, context());
    await expect(client.refreshTokenGrant(web.config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("deleting the account deletes everything the provider kept for it", async () => {
    const { account, tokens } = await signedIn();
    expect(await db.oidcArtifact.count({ where: { accountId: account.id } })).toBeGreaterThan(0);
    expect((await deleteAccount(account.id, PASSWORD)).ok).toBe(true);
    expect(await db.oidcArtifact.count({ where: { accountId: account.id } })).toBe(0);
    expect(await db.appAccess.count({ where: { accountId: account.id } })).toBe(0);
    await expect(client.refreshTokenGrant(web.config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
  });
});

describe("claims", () => {
  it("names the account the same way to every app and every sign-in, with its Mi ID, email, phone and locale", async () => {
    const { account, browser, tokens } = await signedIn(web, { phone: true, locale: "fr" });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ sub: account.id, mi_id: account.miId, email: account.email, email_verified: true, phone_number: account.phone, phone_number_verified: true, locale: "fr" });
    const info = await client.fetchUserInfo(web.config, tokens.access_token, account.id);
    expect(info).toMatchObject({ sub: account.id, mi_id: account.miId, email: account.email, phone_number: account.phone, locale: "fr" });

    const shop = await registerApp(issuer, { name: "Mi Cloud" });
    const again = await signInWithMi({ app: shop, browser, accountId: account.id });
    expect(again.tokens.claims()?.sub).toBe(account.id);
  });

  it("gives only what the scopes allow", async () => {
    const account = await activeAccount({ phone: true });
    const { browser } = await signedInBrowser(account.id);
    const { tokens } = await signInWithMi({ app: web, browser, accountId: account.id, params: { scope: "openid" } });
    expect(Object.keys(tokens.claims()!)).not.toEqual(expect.arrayContaining(["email"]));
    expect(tokens.claims()).not.toHaveProperty("mi_id");
    expect(tokens.claims()).not.toHaveProperty("phone_number");
  });

  it("gives an account that is no longer active no tokens", async () => {
    const { code, request, account } = await freshCode();
    await db.account.update({ where: { id: account.id }, data: { status: "pending" } });
    const exchange = await tokenRequest(issuer, { grant_type: "authorization_code", code, redirect_uri: web.redirectUri, code_verifier: request.verifier }, web);
    expect(exchange).toMatchObject({ status: 400, body: { error: "invalid_grant" } });

    const { tokens, account: later } = await signedIn();
    await db.account.update({ where: { id: later.id }, data: { status: "pending" } });
    await expect(client.refreshTokenGrant(web.config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    expect(await userinfoStatus(tokens.access_token)).not.toBe(200);
  });
});

describe("logs", () => {
  it("never carry a code, a token or a client secret", async () => {
    const written: string[] = [];
    const record = (...args: unknown[]) => void written.push(args.map(String).join(" "));
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((method) => vi.spyOn(console, method).mockImplementation(record));
    const start = logLines.length;
    try {
      const { code, request, account } = await freshCode();
      const first = await tokenRequest(issuer, { grant_type: "authorization_code", code, redirect_uri: web.redirectUri, code_verifier: request.verifier }, web);
      // Failures log too: the code used again, a refresh with a wrong secret.
      await tokenRequest(issuer, { grant_type: "authorization_code", code, redirect_uri: web.redirectUri, code_verifier: request.verifier }, web);
      await tokenRequest(issuer, { grant_type: "refresh_token", refresh_token: "x" + first.body.refresh_token }, { clientId: web.clientId, clientSecret: "wrong" + web.clientSecret });
      const refreshed = await tokenRequest(issuer, { grant_type: "refresh_token", refresh_token: first.body.refresh_token! }, web);
      await client.tokenIntrospection(web.config, first.body.access_token!);
      await client.tokenRevocation(web.config, refreshed.body.refresh_token ?? "none");
      await endSessions({ accountId: account.id }, context());
      const secrets = [code, first.body.access_token, first.body.refresh_token, first.body.id_token, refreshed.body.access_token, web.clientSecret, request.verifier].filter(Boolean) as string[];
      expect(secrets.length).toBeGreaterThanOrEqual(6);
      const lines = [...written, ...logLines.slice(start)];
      for (const secret of secrets) for (const line of lines) expect(line).not.toContain(secret);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it("never carry one from a database error, which quotes its query's values", async () => {
    const { code, request } = await freshCode();
    const start = logLines.length;
    const saved: string[] = [];
    // The database fails the way Prisma reports it: the call and its arguments in the message.
    const upsert = vi.spyOn(db.oidcArtifact, "upsert").mockImplementationOnce(((args: { where: { kind_id: { id: string } } }) => {
      saved.push(args.where.kind_id.id);
      return Promise.reject(new Error(`Invalid \`prisma.oidcArtifact.upsert()\` invocation: ${JSON.stringify(args)}`));
    }) as never);
    try {
      const failed = await tokenRequest(issuer, { grant_type: "authorization_code", code, redirect_uri: web.redirectUri, code_verifier: request.verifier }, web);
      expect(failed).toMatchObject({ status: 500, body: { error: "server_error" } });
    } finally {
      upsert.mockRestore();
    }
    const lines = logLines.slice(start);
    expect(lines.some((line) => line.includes("oidc.server_error"))).toBe(true);
    expect(saved).toHaveLength(1);
    for (const secret of [...saved, code, request.verifier]) for (const line of lines) expect(line).not.toContain(secret);
  });
});

