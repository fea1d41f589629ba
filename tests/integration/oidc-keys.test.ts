import { portal } from "../support/oidc-server";
import { execFile } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { afterAll, describe, expect, it, vi } from "vitest";
import * as client from "openid-client";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import type Provider from "oidc-provider";
import { env } from "@/lib/server/config/env";
import { db } from "@/lib/server/db/client";
import { createProvider, getProvider, handleOidcRequest } from "@/lib/server/oidc/provider";
import { loadKeys, pruneRetiredKeys, rotateKeys, RETIRED_KEY_PUBLISHED_MS } from "@/lib/server/oidc/keys";
import { databaseUrl } from "../support/integration-context";
import { activeAccount, authorizationRequest, followAuthorization, registerApp, signedInBrowser, signInWithMi, tokenRequest, type TestApp } from "../support/oidc";

// The provider's keys (issue 23): one current key per algorithm for every instance, rotation by a command with
// the old keys still published, and every artefact usable at any instance behind the load balancer.

const issuer = portal.url;
const run = promisify(execFile);
const oidcKeys = (...args: string[]) =>
  run("node_modules/.bin/tsx", ["--require", "./scripts/server-context.cjs", "scripts/oidc-keys.ts", ...args], { env: { ...process.env, DATABASE_URL: databaseUrl() } });

/** The load balancer in front of the instances: each request goes to the instance `route` names. */
let route: () => "a" | "b" = () => "a";
let second: Provider | null = null;
portal.setHandler((req: IncomingMessage, res: ServerResponse) => {
  if (route() === "a" || !second) return handleOidcRequest(req, res);
  second.callback()(req, res);
});
afterAll(() => portal.close());

/** getProvider() as it is once its 30-second look at the key set is due. */
async function providerAfterCheckInterval(): Promise<Provider> {
  const realNow = Date.now.bind(Date);
  const spy = vi.spyOn(Date, "now").mockImplementation(() => realNow() + 31_000);
  try {
    return await getProvider();
  } finally {
    spy.mockRestore();
  }
}

async function publishedKeys(): Promise<JSONWebKeySet> {
  return (await (await fetch(`${issuer}/oidc/jwks`)).json()) as JSONWebKeySet;
}

describe("the first keys", () => {
  it("are one current key per algorithm for instances that make them at once", async () => {
    expect(env.APP_URL).toBe(issuer);
    expect(await db.oidcKey.count()).toBe(0);
    const [a, b] = await Promise.all([loadKeys({ now: new Date() }), loadKeys({ now: new Date() })]);
    const current = (keys: typeof a) => ["ES256", "RS256"].map((alg) => keys.jwks.find((key) => key.alg === alg)?.kid);
    expect(current(a)).toEqual(current(b));
    expect(a.cookieKeys[0]).toBe(b.cookieKeys[0]);
    const unretired = await db.oidcKey.findMany({ where: { retiredAt: null, use: { in: ["sig", "cookie"] } } });
    expect(unretired.map((key) => key.alg).sort()).toEqual(["ES256", "HS256", "RS256"]);
    // Both instances publish the same set.
    expect(a.version).toBe(b.version);
  });
});

describe("rotation", () => {
  let rs: TestApp;
  let es: TestApp;

  it("publishes new keys at every instance within 30 s and signs with them a minute on; the old keys stay published", async () => {
    rs = await registerApp(issuer, { name: "RS256 app" });
    es = await registerApp(issuer, { name: "ES256 app" });
    const row = await db.oidcClient.findUniqueOrThrow({ where: { id: es.clientId } });
    await db.oidcClient.update({ where: { id: es.clientId }, data: { metadata: JSON.stringify({ ...JSON.parse(row.metadata), id_token_signed_response_alg: "ES256" }) } });
    es.config = await client.discovery(new URL(issuer), es.clientId, { id_token_signed_response_alg: "ES256" }, client.ClientSecretBasic(es.clientSecret!), { execute: [client.allowInsecureRequests] });

    const account = await activeAccount();
    const { browser } = await signedInBrowser(account.id);
    const before = { rs: (await signInWithMi({ app: rs, browser, accountId: account.id })).tokens.id_token!, es: (await signInWithMi({ app: es, browser, accountId: account.id })).tokens.id_token! };
    expect(decodeProtectedHeader(before.rs).alg).toBe("RS256");
    expect(decodeProtectedHeader(before.es).alg).toBe("ES256");
    const running = await getProvider();

    // Another process rotates (the operator's command): new keys, published first.
    const { stdout } = await oidcKeys("rotate");
    expect(stdout).toMatch(/New signing keys/);
    const fresh = await db.oidcKey.findMany({ where: { retiredAt: null, use: "sig" } });
    expect(fresh).toHaveLength(2);
    const newKids = new Set(fresh.map((key) => key.kid));
    const { stdout: listing } = await oidcKeys("list");
    expect(listing.match(/ current$/gm)).toHaveLength(3);
    expect(listing.match(/ signs until /g)).toHaveLength(3);
    expect(listing).not.toContain("first-keys");

    // Until its next look at the key set, an instance goes on with what it has; then it takes the new set, which it
    // publishes (and accepts cookies signed with) a minute before anyone signs with it.
    expect(await getProvider()).toBe(running);
    const reloaded = await providerAfterCheckInterval();
    expect(reloaded).not.toBe(running);
    expect(await getProvider()).toBe(reloaded);
    const staged = (await publishedKeys()).keys.map((key) => key.kid);
    for (const kid of [...newKids, decodeProtectedHeader(before.rs).kid, decodeProtectedHeader(before.es).kid]) expect(staged).toContain(kid);
    const during = (await signInWithMi({ app: rs, browser, accountId: account.id })).tokens.id_token!;
    expect(decodeProtectedHeader(during).kid).toBe(decodeProtectedHeader(before.rs).kid);

    // A minute on, every instance signs with the new keys; everything signed before still verifies.
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 92_000);
    try {
      expect(await getProvider()).not.toBe(reloaded);
      const after = { rs: (await signInWithMi({ app: rs, browser, accountId: account.id })).tokens.id_token!, es: (await signInWithMi({ app: es, browser, accountId: account.id })).tokens.id_token! };
      expect(newKids.has(decodeProtectedHeader(after.rs).kid!)).toBe(true);
      expect(newKids.has(decodeProtectedHeader(after.es).kid!)).toBe(true);

      const jwks = await publishedKeys();
      const published = jwks.keys.map((key) => key.kid);
      for (const token of [...Object.values(before), during, ...Object.values(after)]) {
        expect(published).toContain(decodeProtectedHeader(token).kid);
        await expect(jwtVerify(token, createLocalJWKSet(jwks), { issuer })).resolves.toBeTruthy();
      }
      for (const key of jwks.keys) expect(key).not.toHaveProperty("d");

      // The provider's cookies signed with the old cookie key still verify: the browser stays signed in to it.
      const silent = await followAuthorization({ browser, url: (await authorizationRequest(rs, { prompt: "none" })).url, accountId: account.id });
      expect(silent.redirect?.searchParams.get("code")).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  }, 60_000);

  it("deletes keys retired more than two hours ago, and only those", async () => {
    // The first set, retired by the rotation above (a minute after it); a rotation an hour later retires the next.
    const first = await db.oidcKey.findMany({ where: { retiredAt: { not: null } } });
    expect(first).toHaveLength(3);
    const firstRetiredAt = first[0]!.retiredAt!.getTime();
    await rotateKeys({ now: new Date(firstRetiredAt + 60 * 60 * 1000) });
    expect(await db.oidcKey.count({ where: { retiredAt: { not: null } } })).toBe(6);

    expect(await pruneRetiredKeys({ now: new Date(firstRetiredAt + RETIRED_KEY_PUBLISHED_MS - 1000) })).toBe(0);
    expect(await pruneRetiredKeys({ now: new Date(firstRetiredAt + RETIRED_KEY_PUBLISHED_MS + 1000) })).toBe(3);
    expect(await db.oidcKey.count({ where: { kid: { in: first.map((key) => key.kid) } } })).toBe(0);
    expect(await db.oidcKey.count({ where: { retiredAt: { not: null } } })).toBe(3);
    expect(await db.oidcKey.count({ where: { retiredAt: null, use: { in: ["sig", "cookie"] } } })).toBe(3);
  });
});

describe("two instances", () => {
  it("finish each other's requests: interaction, code, refresh token, userinfo, introspection, revocation, session", async () => {
    second = createProvider(await loadKeys({ now: new Date() }));
    second.proxy = true;
    expect(second).not.toBe(await getProvider());
    const app = await registerApp(issuer, { name: "Balanced app" });
    const account = await activeAccount();
    const { browser } = await signedInBrowser(account.id);

    // Round robin: the authorization request, its interaction and its resumption land on alternate instances.
    let turn = 0;
    route = () => (turn++ % 2 === 0 ? "a" : "b");
    const request = await authorizationRequest(app);
    const { redirect } = await followAuthorization({ browser, url: request.url, accountId: account.id });
    expect(turn).toBeGreaterThanOrEqual(3);
    const code = redirect!.searchParams.get("code")!;
    expect(code).toBeTruthy();

    const at = async <T>(instance: "a" | "b", call: () => Promise<T>): Promise<T> => {
      route = () => instance;
      return call();
    };
    // A code from either instance, redeemed at b; its second use refused at a.
    const body = { grant_type: "authorization_code", code, redirect_uri: app.redirectUri, code_verifier: request.verifier };
    const tokens = await at("b", () => tokenRequest(issuer, body, app));
    expect(tokens.status).toBe(200);
    const userinfo = (token: string) => fetch(`${issuer}/oidc/me`, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.status);
    expect(await at("a", () => userinfo(tokens.body.access_token!))).toBe(200);
    expect(await at("b", () => userinfo(tokens.body.access_token!))).toBe(200);

    const refreshed = await at("a", () => client.refreshTokenGrant(app.config, tokens.body.refresh_token!));
    expect(await at("b", () => userinfo(refreshed.access_token))).toBe(200);

    // The provider's session, made through both, answers prompt=none at b; its code is introspected at b.
    route = () => "b";
    const silentRequest = await authorizationRequest(app, { prompt: "none" });
    const silent = await followAuthorization({ browser, url: silentRequest.url, accountId: account.id });
    expect(silent.redirect?.searchParams.get("code")).toBeTruthy();
    const more = await at("a", () => client.authorizationCodeGrant(app.config, silent.redirect!, { pkceCodeVerifier: silentRequest.verifier, expectedState: silentRequest.state, expectedNonce: silentRequest.nonce }));
    expect(await at("b", () => client.tokenIntrospection(app.config, more.access_token))).toMatchObject({ active: true, sub: account.id });

    // The first refresh token, used again at b, is known there as used: the whole family ends, at both.
    await expect(at("b", () => client.refreshTokenGrant(app.config, tokens.body.refresh_token!))).rejects.toMatchObject({ error: "invalid_grant" });
    await expect(at("a", () => client.refreshTokenGrant(app.config, refreshed.refresh_token!))).rejects.toMatchObject({ error: "invalid_grant" });
    expect(await at("a", () => userinfo(more.access_token))).toBe(401);

    // A new consent and tokens; revoked at a, refused at b.
    turn = 0;
    route = () => (turn++ % 2 === 0 ? "b" : "a");
    const again = await signInWithMi({ app, browser, accountId: account.id });
    await at("a", () => client.tokenRevocation(app.config, again.tokens.refresh_token!));
    await expect(at("b", () => client.refreshTokenGrant(app.config, again.tokens.refresh_token!))).rejects.toMatchObject({ error: "invalid_grant" });
    expect(await at("b", () => userinfo(again.tokens.access_token))).toBe(401);
  }, 60_000);
});
