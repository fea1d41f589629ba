import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expectNoAxeViolations } from "./axe";
import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import { button, PASSWORD, signIn, submitSignIn, uniqueEmail, seedActiveAccount } from "./helpers";
import { oauthError, registerApp, RelyingParty, type Authorization } from "./oidc-rp";
import { freePort } from "./portal-process";

// "Sign in with Mi" with a real relying party (openid-client) and a real browser: the portal's own sign-in and
// consent pages are the provider's interactions; the app gets a code with `iss` (RFC 9207), then tokens, userinfo
// and refresh tokens, which the person can take back from the account page. Each journey registers its own app.

const issuer = `http://localhost:${process.env.E2E_APP_PORT}`;

/**
 * A person with an active account, signed out, put straight into the database (registering through the pages on
 * the way to an app is oidc-pages.spec.ts's journey).
 */
async function newPerson(_page: Page, tag: string): Promise<{ email: string; miId: string }> {
  const email = uniqueEmail(test.info(), tag);
  const { miId } = await seedActiveAccount({ email });
  return { email, miId };
}

function consentHeading(page: Page, app: string) {
  return page.getByRole("heading", { level: 1, name: `Sign in to ${app} with your Mi Account` });
}

/** Allows on the consent page; resolves with the URL the app's callback received. */
async function allow(page: Page, rp: RelyingParty): Promise<URL> {
  const callback = rp.callback();
  await button(page, "Allow").click();
  // The browser reaches the app (a refused redirect would leave it on the portal, and this says so in 10 s).
  await expect(page).toHaveURL((current) => current.origin === new URL(rp.redirectUri).origin);
  return callback;
}

/** An authorization request naming `redirectUri` gets the portal's error page, never a redirect anywhere. */
async function expectRefusedRedirectUri(request: APIRequestContext, rp: RelyingParty, redirectUri: string): Promise<void> {
  const tricked = await rp.authorize({ redirect_uri: redirectUri });
  const response = await request.get(tricked.url.href, { maxRedirects: 0 });
  expect(response.status(), redirectUri).toBe(400);
  expect(response.headers().location, redirectUri).toBeUndefined();
  const html = await response.text();
  expect(html, redirectUri).toContain("The app&#39;s sign-in request could not be completed");
  expect(html, redirectUri).toContain("invalid_redirect_uri");
}

test("a web app signs a person in with Mi: sign-in, consent, tokens, userinfo, refresh, revoke, sign-out @db", async ({ page }) => {
  const person = await newPerson(page, "web");
  const name = `Mi Store ${Date.now()}`;
  const rp = await RelyingParty.start({ kind: "web", name, issuer });
  try {
    // The app sends the browser to the portal; no one is signed in, so the portal's own sign-in page shows.
    const first: Authorization = await rp.authorize({ scope: "openid profile email offline_access", prompt: "consent" });
    await page.goto(first.url.href);
    await expect(page).toHaveURL(/\/login\?next=%2Fauthorize%2F/);
    await submitSignIn(page, person.email, PASSWORD);

    // The consent page names the app and what it asks for.
    await expect(consentHeading(page, name)).toBeVisible();
    await expect(page.getByTestId("consent-scopes").getByRole("listitem")).toHaveText([
      "Know that you have a Mi Account and sign you in",
      "See your Mi Account ID and display name",
      "See your email address",
      "Stay signed in, until you revoke its access on your account page",
    ]);
    await expectNoAxeViolations(page, "sign in with Mi, check 1");
    const callback = await allow(page, rp);

    // The answer: a code, the state the app sent, and the issuer (RFC 9207, against mix-up).
    expect(callback.searchParams.get("code")).toBeTruthy();
    expect(callback.searchParams.get("state")).toBe(first.state);
    expect(callback.searchParams.get("iss")).toBe(issuer);

    const tokens = await rp.tokens(first, callback);
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: issuer, aud: rp.registration.clientId, nonce: first.nonce, mi_id: person.miId, email: person.email, email_verified: true, locale: "en" });
    expect(claims.sub).toMatch(/\S/);
    expect(claims.sub).not.toBe(person.miId);
    expect(tokens.refresh_token).toBeTruthy();

    const userinfo = await rp.userinfo(tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({ sub: claims.sub, mi_id: person.miId, email: person.email, email_verified: true });

    // Refresh: rotated, a new refresh token each time, which works (its access token too).
    const refreshed = await rp.refresh(tokens.refresh_token!);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(await rp.userinfo(refreshed.access_token, claims.sub)).toMatchObject({ sub: claims.sub });

    // "Apps with access" on the account page: the person takes the app's access back; its tokens end at once.
    await page.goto("/account");
    await expect(page.getByRole("heading", { name: "Apps with access" })).toBeVisible();
    const removeAccess = page.getByRole("button", { name: `Remove access for ${name}` });
    await removeAccess.click();
    await expect(removeAccess).toHaveCount(0);
    expect(await oauthError(rp.refresh(refreshed.refresh_token!))).toBe("invalid_grant");
    expect(await oauthError(rp.userinfo(refreshed.access_token, claims.sub))).toBe("invalid_token");

    // The app signs the person out (RP-initiated logout): the portal asks, and "Sign out" ends its session too.
    await page.goto(rp.endSessionUrl(tokens.id_token!).href);
    await expect(page.getByRole("heading", { name: "Sign out?" })).toBeVisible();
    await expect(page.getByText(`${name} asks to sign you out of your Mi Account in this browser.`)).toBeVisible();
    const signedOut = rp.signedOut();
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await signedOut;
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login/);

    // No secret of the journey is in the server's log (tests/e2e/serve-with-log.mjs): not the code, a token, the
    // ID token the sign-out carried in its address, nor the app's secret.
    const secrets = { code: callback.searchParams.get("code")!, access: tokens.access_token, refresh: tokens.refresh_token!, rotated: refreshed.refresh_token!, idToken: tokens.id_token!, clientSecret: rp.registration.clientSecret! };
    const log = readFileSync(join(process.env.E2E_DIR as string, "server.log"), "utf8");
    expect(Object.entries(secrets).filter(([, secret]) => log.includes(secret)).map(([what]) => what)).toEqual([]);
  } finally {
    await rp.close();
  }
});

test("a native app signs in through the browser: loopback redirect on its own port, PKCE, refresh rotation, never silently @db", async ({ page, request }) => {
  const person = await newPerson(page, "native");
  await signIn(page, person.email);
  const name = `Mi Fit ${Date.now()}`;
  const rp = await RelyingParty.start({ kind: "native", name, issuer });
  try {
    // Registered as http://127.0.0.1/callback; the app listens on a port of its own choosing (RFC 8252 §7.3).
    expect(rp.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    // Only the port is free: another path, the name localhost or another scheme is refused on the portal's page.
    const port = new URL(rp.redirectUri).port;
    for (const redirectUri of [`http://127.0.0.1:${port}/other`, `http://localhost:${port}/callback`, `https://127.0.0.1:${port}/callback`]) {
      await expectRefusedRedirectUri(request, rp, redirectUri);
    }
    // PKCE cannot be left out or weakened: the app is told invalid_request at its (valid) redirect URI.
    const withoutPkce = (await rp.authorize()).url;
    withoutPkce.searchParams.delete("code_challenge");
    withoutPkce.searchParams.delete("code_challenge_method");
    const plainPkce = (await rp.authorize()).url;
    plainPkce.searchParams.set("code_challenge_method", "plain");
    for (const [what, url] of [["without PKCE", withoutPkce], ["plain PKCE", plainPkce]] as const) {
      const location = new URL((await request.get(url.href, { maxRedirects: 0 })).headers().location ?? "/", issuer);
      expect(`${location.origin}${location.pathname}`, what).toBe(rp.redirectUri);
      expect(location.searchParams.get("error"), what).toBe("invalid_request");
    }
    const first = await rp.authorize({ scope: "openid profile email offline_access", prompt: "consent" });
    // Signed in to the portal already: straight to consent.
    await page.goto(first.url.href);
    await expect(consentHeading(page, name)).toBeVisible();
    const callback = await allow(page, rp);
    expect(callback.searchParams.get("iss")).toBe(issuer);
    // Whoever catches the code without the app's PKCE verifier gets nothing for it; the app, with it, its tokens.
    // Its first character changed to another (a fixed "x" would leave one verifier in 64 unchanged).
    const wrongVerifier = `${first.codeVerifier.startsWith("x") ? "y" : "x"}${first.codeVerifier.slice(1)}`;
    expect(await oauthError(rp.tokens({ ...first, codeVerifier: wrongVerifier }, callback))).toBe("invalid_grant");
    const tokens = await rp.tokens(first, callback);
    const sub = tokens.claims()!.sub;
    expect(tokens.claims()).toMatchObject({ aud: rp.registration.clientId, mi_id: person.miId, email: person.email });
    expect(await rp.userinfo(tokens.access_token, sub)).toMatchObject({ sub, mi_id: person.miId, email: person.email });

    // A native app cannot prove who it is (anyone can listen on a loopback port), so the provider never answers it
    // silently (RFC 8252 §8.6): prompt=none is told interaction_required even with consent given and a session.
    const silent = await rp.authorize({ prompt: "none" });
    const silentAnswer = rp.callback();
    await page.goto(silent.url.href);
    expect(await oauthError(rp.tokens(silent, await silentAnswer))).toBe("interaction_required");

    // Refresh tokens rotate; using a spent one again is taken for theft and ends the whole family (RFC 9700 §4.14).
    const refreshed = await rp.refresh(tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(await oauthError(rp.refresh(tokens.refresh_token!))).toBe("invalid_grant");
    expect(await oauthError(rp.refresh(refreshed.refresh_token!))).toBe("invalid_grant");

    // Signed out of the portal (the header's Sign out), the app's silent request is told login_required.
    await page.goto("/account");
    await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
    await expect(page).not.toHaveURL(/\/account$/);
    const afterSignOut = await rp.authorize({ prompt: "none" });
    const refused = rp.callback();
    await page.goto(afterSignOut.url.href);
    const answer = await refused;
    expect(answer.searchParams.get("error")).toBe("login_required");
    expect(answer.searchParams.get("state")).toBe(afterSignOut.state);
    expect(await oauthError(rp.tokens(afterSignOut, answer))).toBe("login_required");
  } finally {
    await rp.close();
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("sign-in and consent are plain forms: Allow gives a code, consent is remembered (prompt=none), Cancel gives access_denied", async ({ browser, page }) => {
    // The account is made in a browser with JavaScript; this test is about the app's journey.
    const withScript = await browser.newContext({ javaScriptEnabled: true });
    const person = await newPerson(await withScript.newPage(), "nojs");
    await withScript.close();
    const name = `Mi Home ${Date.now()}`;
    const rp = await RelyingParty.start({ kind: "web", name, issuer });
    try {
      const allowed = await rp.authorize();
      await page.goto(allowed.url.href);
      await expect(page).toHaveURL(/\/login\?next=%2Fauthorize%2F/);
      await submitSignIn(page, person.email, PASSWORD);
      await expect(consentHeading(page, name)).toBeVisible();
      const callback = await allow(page, rp);
      expect(callback.searchParams.get("state")).toBe(allowed.state);
      const sub = (await rp.tokens(allowed, callback)).claims()!.sub;

      // Consent is remembered for a web app: a silent request (prompt=none) gets a code with no portal page between.
      const portalPages: string[] = [];
      page.on("framenavigated", (frame) => {
        if (frame === page.mainFrame() && new URL(frame.url()).origin === issuer) portalPages.push(frame.url());
      });
      const silent = await rp.authorize({ prompt: "none" });
      const silentCallback = rp.callback();
      await page.goto(silent.url.href);
      expect((await rp.tokens(silent, await silentCallback)).claims()).toMatchObject({ sub, mi_id: person.miId });
      expect(portalPages).toEqual([]);

      // Asked again (prompt=consent), the person cancels: the app hears access_denied, with its state and our iss.
      const cancelled = await rp.authorize({ prompt: "consent" });
      await page.goto(cancelled.url.href);
      await expect(consentHeading(page, name)).toBeVisible();
      const answer = rp.callback();
      await button(page, "Cancel").click();
      const denied = await answer;
      expect(denied.searchParams.get("error")).toBe("access_denied");
      expect(denied.searchParams.get("state")).toBe(cancelled.state);
      expect(denied.searchParams.get("iss")).toBe(issuer);
      expect(await oauthError(rp.tokens(cancelled, denied))).toBe("access_denied");
    } finally {
      await rp.close();
    }
  });
});

test("attacks seen from the browser: framing, another browser's request, redirect URI tricks, a code used twice", async ({ browser, page, request }) => {
  const person = await newPerson(page, "attacks");
  await signIn(page, person.email);
  const name = `Mi Pay ${Date.now()}`;
  const rp = await RelyingParty.start({ kind: "web", name, issuer });
  try {
    const authorization = await rp.authorize({ scope: "openid profile email offline_access", prompt: "consent" });
    const consentResponse = page.waitForResponse((response) => /\/authorize\/[^/]+\/consent$/.test(new URL(response.url()).pathname));
    await page.goto(authorization.url.href);
    await expect(consentHeading(page, name)).toBeVisible();
    const consentUrl = new URL(page.url());
    const uid = consentUrl.pathname.split("/")[2]!;

    // Clickjacking: the consent page, and every page of the portal's side of the request, refuses to be framed.
    const framing = async (headers: Record<string, string>, where: string) => {
      expect(headers["x-frame-options"], where).toBe("DENY");
      expect(headers["content-security-policy"], where).toMatch(/frame-ancestors 'none'/);
    };
    await framing((await consentResponse).headers(), "consent page");
    for (const path of [`/authorize/${uid}`, "/authorize/expired"]) {
      await framing((await request.get(path, { maxRedirects: 0 })).headers(), path);
    }

    // The request's address opened in another browser (no interaction cookie): the "expired" page, never consent,
    // and its Allow posted from there changes nothing.
    const other = await browser.newContext();
    try {
      const stranger = await other.newPage();
      for (const path of [`/authorize/${uid}`, consentUrl.pathname]) {
        await stranger.goto(path);
        await expect(stranger, path).toHaveURL(/\/authorize\/expired$/);
        await expect(stranger.getByRole("heading", { name: "This sign-in has expired" })).toBeVisible();
      }
      const posted = await other.request.post(`/authorize/${uid}/decision`, { form: { decision: "allow" }, headers: { Origin: issuer }, maxRedirects: 0 });
      expect(posted.headers().location).toBe("/authorize/expired");
    } finally {
      await other.close();
    }

    // Redirect URI tricks: anything but the exact registered address is answered by the portal's error page, not a redirect.
    const registered = new URL(rp.redirectUri);
    const tricks = [
      `${registered.origin}/other`,
      `${registered.origin}/callback/`,
      `http://localhost:${Number(registered.port) + 1}/callback`,
      `https://localhost:${registered.port}/callback`,
      `${rp.redirectUri}?next=https://evil.example/`,
      `http://localhost:${registered.port}@evil.example/callback`,
      `https://evil.example/callback?redirect=${encodeURIComponent(rp.redirectUri)}`,
    ];
    for (const redirectUri of tricks) await expectRefusedRedirectUri(request, rp, redirectUri);

    // A code used twice: the second exchange is refused, and the tokens of the first are revoked with it.
    const callback = await allow(page, rp);
    const tokens = await rp.tokens(authorization, callback);
    expect(await oauthError(rp.tokens(authorization, callback))).toBe("invalid_grant");
    expect(await oauthError(rp.userinfo(tokens.access_token, tokens.claims()!.sub))).toBe("invalid_token");
    expect(await oauthError(rp.refresh(tokens.refresh_token!))).toBe("invalid_grant");
  } finally {
    await rp.close();
  }
});

test("the example app (examples/sign-in-with-mi) signs a person in and out", async ({ page }) => {
  const person = await newPerson(page, "example");
  await signIn(page, person.email);
  const port = await freePort();
  const app = `http://localhost:${port}`;
  const name = `My shop ${Date.now()}`;
  // Registered and started as its README says.
  const { clientId, clientSecret } = await registerApp({ name, redirectUri: `${app}/callback`, postLogoutRedirectUri: `${app}/` });
  const example = spawn(process.execPath, ["examples/sign-in-with-mi/server.mjs"], {
    env: { ...process.env, ISSUER: issuer, CLIENT_ID: clientId, CLIENT_SECRET: clientSecret, PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await expect.poll(async () => (await fetch(app).catch(() => null))?.status ?? 0).toBe(200);
    await page.goto(app);
    await page.getByRole("link", { name: "Sign in with Mi" }).click();
    await expect(consentHeading(page, name)).toBeVisible();
    await button(page, "Allow").click();
    await expect(page.getByText(`Signed in as Mi Account ${person.miId} (${person.email}).`)).toBeVisible();

    await page.getByRole("link", { name: "Sign out" }).click();
    await expect(page.getByRole("heading", { name: "Sign out?" })).toBeVisible();
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(`${app}/`);
    await expect(page.getByRole("link", { name: "Sign in with Mi" })).toBeVisible();
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login/);
  } finally {
    example.kill();
  }
});
