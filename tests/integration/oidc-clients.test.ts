import { portal } from "../support/oidc-server";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as client from "openid-client";
import { db } from "@/lib/server/db/client";
import { PrismaAdapter } from "@/lib/server/oidc/adapter";
import { registrationProblem } from "@/lib/server/oidc/clients";
import { handleOidcRequest } from "@/lib/server/oidc/provider";
import { testDatabaseKind } from "../support/database";
import { databaseUrl } from "../support/integration-context";
import { activeAccount, signedInBrowser, signInWithMi } from "../support/oidc";

// The apps that may "Sign in with Mi" (issue 23): registered, listed and removed by `npm run oidc:client`, run here
// as the operator runs it (a child process on this file's database); and the provider's expired rows swept.

const issuer = portal.url;
const run = promisify(execFile);
const oidcClient = (...args: string[]) =>
  run("node_modules/.bin/tsx", ["--require", "./scripts/server-context.cjs", "scripts/oidc-client.ts", ...args], { env: { ...process.env, DATABASE_URL: databaseUrl() } });

beforeAll(() => portal.setHandler(handleOidcRequest));
afterAll(() => portal.close());

describe("expired rows", () => {
  it("are swept by the adapter's first write (then hourly)", async () => {
    await db.oidcArtifact.create({ data: { kind: "AccessToken", id: "expired-token", payload: "{}", expiresAt: new Date(Date.now() - 1000) } });
    await new PrismaAdapter("Session").upsert("live-session", {} as never, 600);
    await vi.waitFor(async () => expect(await db.oidcArtifact.count({ where: { id: "expired-token" } })).toBe(0));
    expect(await db.oidcArtifact.count({ where: { id: "live-session" } })).toBe(1);
  });
});

describe("npm run oidc:client", () => {
  it("registers apps, prints a confidential app's secret once, and lists them without it", async () => {
    const [store, native] = await Promise.all([
      oidcClient("add", "--name", "Mi Store", "--redirect-uri", "https://store.example/callback", "--post-logout-redirect-uri", "https://store.example/"),
      oidcClient("add", "--name", "Mi Account app", "--public", "--redirect-uri", "http://127.0.0.1/callback", "--redirect-uri", "com.mi.account:/oauth2redirect", "--json"),
    ]);
    const clientId = /client_id:\s+(\S+)/.exec(store.stdout)![1]!;
    const secret = /client_secret:\s+(\S+)/.exec(store.stdout)![1]!;
    expect(store.stdout).toMatch(/shown this once/);
    const storeMetadata = JSON.parse((await db.oidcClient.findUniqueOrThrow({ where: { id: clientId } })).metadata);
    expect(storeMetadata).toMatchObject({ client_secret: secret, token_endpoint_auth_method: "client_secret_basic", application_type: "web", redirect_uris: ["https://store.example/callback"], post_logout_redirect_uris: ["https://store.example/"] });

    const nativeIds = JSON.parse(native.stdout) as { client_id: string; client_secret?: string };
    expect(nativeIds.client_secret).toBeUndefined();
    expect(JSON.parse((await db.oidcClient.findUniqueOrThrow({ where: { id: nativeIds.client_id } })).metadata)).toMatchObject({ token_endpoint_auth_method: "none", application_type: "native" });

    const { stdout: listing } = await oidcClient("list");
    expect(listing).toContain(`${clientId}  Mi Store  confidential  https://store.example/callback`);
    expect(listing).toContain(`${nativeIds.client_id}  Mi Account app  public`);
    expect(listing).not.toContain(secret);
  }, 60_000);

  // The command's checks read no database: on SQLite only. Each refusal is the command's own check
  // (registrationProblem), asked here directly; two of them go through the command itself, for its exit code 2, the
  // message on stderr and nothing registered (a child process each is a second and a half of CPU).
  it.skipIf(testDatabaseKind() !== "sqlite")("refuses a bad redirect URI or a public resource server with a clear message and exit code 2, registering nothing", async () => {
    const web = { redirectUris: ["https://store.example/callback"] };
    const refusals: [Parameters<typeof registrationProblem>[0], RegExp][] = [
      [{ redirectUris: ["http://store.example/callback"] }, /^http:\/\/store\.example\/callback must use https/],
      [{ redirectUris: ["https://store.example/callback#top"] }, /must not have a fragment/],
      [{ redirectUris: ["/callback"] }, /^\/callback is not a URL/],
      [{ redirectUris: ["com.mi.store:/callback"] }, /must use https/],
      [{ isPublic: true, redirectUris: ["javascript:alert(1)"] }, /reverse-domain private-use scheme/],
      [{ ...web, postLogoutRedirectUris: ["http://evil.example/"] }, /^http:\/\/evil\.example\/ must use https/],
      [{ ...web, isPublic: true, resourceServer: true }, /resource server must prove who it is/],
      [{ ...web, isPublic: true, jwks: "keys.json" }, /a public app has no keys/],
    ];
    for (const [request, message] of refusals) expect(registrationProblem(request)).toMatch(message);
    expect(registrationProblem({ ...web, postLogoutRedirectUris: ["https://store.example/"] })).toBeNull();
    expect(registrationProblem({ isPublic: true, redirectUris: ["http://127.0.0.1/callback", "com.mi.store:/callback"] })).toBeNull();

    const before = await db.oidcClient.count();
    const attempts: [string[], RegExp][] = [
      [["--name", "Bad app", "--redirect-uri", "https://store.example/callback", "--post-logout-redirect-uri", "http://evil.example/"], /http:\/\/evil\.example\/ must use https/],
      [["--redirect-uri", "https://store.example/callback"], /usage:/],
    ];
    const outcomes = await Promise.all(attempts.map(([args]) => oidcClient("add", ...args).then(() => null, (error: { code: number; stderr: string }) => error)));
    outcomes.forEach((outcome, index) => {
      expect(outcome?.code).toBe(2);
      expect(outcome?.stderr).toMatch(attempts[index]![1]);
    });
    expect(await db.oidcClient.count()).toBe(before);
  }, 60_000);

  it("removes an app with its grants, codes, tokens and its place on account pages", async () => {
    const { stdout } = await oidcClient("add", "--name", "Short-lived app", "--redirect-uri", "https://short.example/callback", "--json");
    const { client_id: clientId, client_secret: secret } = JSON.parse(stdout) as { client_id: string; client_secret: string };
    const config = await client.discovery(new URL(issuer), clientId, undefined, client.ClientSecretBasic(secret), { execute: [client.allowInsecureRequests] });
    const account = await activeAccount();
    const { browser } = await signedInBrowser(account.id);
    const { tokens } = await signInWithMi({ app: { clientId, clientSecret: secret, redirectUri: "https://short.example/callback", config }, browser, accountId: account.id });
    expect(await db.oidcArtifact.count({ where: { clientId, kind: { in: ["Grant", "AccessToken", "RefreshToken"] } } })).toBeGreaterThanOrEqual(3);
    expect(await db.appAccess.count({ where: { clientId } })).toBe(1);

    expect((await oidcClient("remove", clientId)).stdout).toMatch(/Removed/);
    expect(await db.oidcArtifact.count({ where: { clientId } })).toBe(0);
    expect(await db.appAccess.count({ where: { clientId } })).toBe(0);
    expect(await db.oidcClient.count({ where: { id: clientId } })).toBe(0);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ status: 401, cause: [{ parameters: { error: "invalid_client" } }] });

    await expect(oidcClient("remove", clientId)).rejects.toMatchObject({ code: 1, stdout: expect.stringMatching(/No app/) });
  }, 60_000);
});
