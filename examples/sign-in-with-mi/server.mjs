// "Sign in with Mi" in one file: a web app that lets people sign in with their Mi Account, using openid-client
// (https://github.com/panva/openid-client) and Node's own HTTP server. See README.md next to it.
//
//   ISSUER=http://localhost:3000 CLIENT_ID=… CLIENT_SECRET=… node examples/sign-in-with-mi/server.mjs
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import * as client from "openid-client";

const { ISSUER = "http://localhost:3000", CLIENT_ID, CLIENT_SECRET, PORT = "4000" } = process.env;
if (!CLIENT_ID || !CLIENT_SECRET) throw new Error("Set CLIENT_ID and CLIENT_SECRET (npm run oidc:client -- add …)");
const app = `http://localhost:${PORT}`;

// 1. Find the portal's endpoints and keys (discovery); plain http is for a portal on your own machine only.
const config = await client.discovery(new URL(ISSUER), CLIENT_ID, undefined, client.ClientSecretBasic(CLIENT_SECRET), {
  execute: ISSUER.startsWith("http://") ? [client.allowInsecureRequests] : [],
});

// Who is signed in, by this app's own cookie. A real app keeps this in its session store.
const sessions = new Map();

createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", app);
  const sid = /(?:^|; )sid=([\w-]+)/.exec(req.headers.cookie ?? "")?.[1];
  const session = sessions.get(sid) ?? {};
  try {
    if (url.pathname === "/login") {
      // 2. Send the person to the portal, with PKCE, state and nonce kept for the way back.
      const checks = { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: client.randomState(), expectedNonce: client.randomNonce() };
      const newSid = randomBytes(16).toString("base64url");
      sessions.set(newSid, { checks });
      const to = client.buildAuthorizationUrl(config, {
        redirect_uri: `${app}/callback`,
        scope: "openid profile email",
        code_challenge: await client.calculatePKCECodeChallenge(checks.pkceCodeVerifier),
        code_challenge_method: "S256",
        state: checks.expectedState,
        nonce: checks.expectedNonce,
      });
      return send(res, 302, "", { Location: to.href, "Set-Cookie": `sid=${newSid}; HttpOnly; SameSite=Lax; Path=/` });
    }
    if (url.pathname === "/callback" && session.checks) {
      // 3. Back from the portal: exchange the code (openid-client checks state, nonce, PKCE and the issuer).
      const tokens = await client.authorizationCodeGrant(config, url, session.checks);
      sessions.set(sid, { claims: tokens.claims(), idToken: tokens.id_token });
      return send(res, 302, "", { Location: "/" });
    }
    if (url.pathname === "/logout" && session.idToken) {
      // 4. Sign out of the app and of the portal (RP-initiated logout).
      sessions.delete(sid);
      const to = client.buildEndSessionUrl(config, { id_token_hint: session.idToken, post_logout_redirect_uri: `${app}/` });
      return send(res, 302, "", { Location: to.href });
    }
    if (url.pathname !== "/") return send(res, 404, page("<p>Not found.</p>"));
    const who = session.claims;
    return send(
      res,
      200,
      who
        ? page(`<p>Signed in as Mi Account ${escape(who.mi_id)}${who.email ? ` (${escape(who.email)})` : ""}.</p><p><a href="/logout">Sign out</a></p>`)
        : page(`<p><a href="/login">Sign in with Mi</a></p>`),
    );
  } catch (error) {
    // A refused or tampered answer (access_denied, a wrong state, …): say so, and let the person start again.
    return send(res, 400, page(`<p>Sign-in failed: ${escape(error.error ?? error.message)}.</p><p><a href="/">Back</a></p>`));
  }
}).listen(Number(PORT), () => console.log(`Example app on ${app}, signing in with ${ISSUER}`));

function page(body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>My shop</title></head><body><h1>My shop</h1>${body}</body></html>`;
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", ...headers });
  res.end(body);
}
