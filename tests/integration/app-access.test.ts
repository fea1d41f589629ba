import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { listAppAccess, revokeAppAccess } from "@/lib/server/identity/app-access";
import { PrismaAdapter } from "@/lib/server/oidc/adapter";
import { addClient } from "@/lib/server/oidc/clients";
import { OTHER_PASSWORD, PASSWORD, registerActive } from "../support/fixtures";
import { changePassword, createSession, getSessionAccount, signOutEverywhere } from "../support/flows";

// "Apps with access" on the account page, against the rows the OpenID Provider really writes: its adapter
// (lib/server/oidc/adapter.ts) stores grants, codes and tokens as OidcArtifact rows and keeps AppAccess beside them.

const HOUR_S = 60 * 60;

async function activeAccount() {
  const { input } = await registerActive();
  const account = await db.account.findFirstOrThrow({ where: { email: input.email } });
  const session = await createSession(account.id);
  return { account, sessionId: (await getSessionAccount(session.token))!.sessionId };
}

async function newApp(name: string) {
  const { clientId } = await addClient({ name, redirectUris: ["https://app.example/cb"] });
  return clientId;
}

/**
 * What an app holds after a person allowed it and it fetched tokens: the grant (consent) and, under it, an access
 * token, a refresh token and a used code, as oidc-provider saves them through the adapter.
 */
async function appSignedIn({ accountId, clientId, scope }: { accountId: string; clientId: string; scope: string }) {
  const grantId = randomUUID();
  await new PrismaAdapter("Grant").upsert(grantId, { jti: grantId, kind: "Grant", accountId, clientId, openid: { scope } }, 365 * 24 * HOUR_S);
  const ids = { access: randomUUID(), refresh: randomUUID(), code: randomUUID(), session: randomUUID() };
  const token = { accountId, clientId, grantId, scope };
  await new PrismaAdapter("AuthorizationCode").upsert(ids.code, { ...token, jti: ids.code, kind: "AuthorizationCode" }, 60);
  await new PrismaAdapter("AccessToken").upsert(ids.access, { ...token, jti: ids.access, kind: "AccessToken" }, HOUR_S);
  await new PrismaAdapter("RefreshToken").upsert(ids.refresh, { ...token, jti: ids.refresh, kind: "RefreshToken" }, 30 * 24 * HOUR_S);
  await new PrismaAdapter("Session").upsert(ids.session, { jti: ids.session, kind: "Session", accountId }, 12 * HOUR_S);
  return { grantId, ...ids };
}

const kindsOf = async (accountId: string, clientId?: string) =>
  (await db.oidcArtifact.findMany({ where: { accountId, ...(clientId ? { clientId } : {}) }, select: { kind: true } })).map((row) => row.kind).sort();

describe("apps with access", () => {
  it("lists each app the person let in, with its name, scopes and first and last use", async () => {
    const { account } = await activeAccount();
    expect(await listAppAccess({ accountId: account.id })).toEqual([]);
    const store = await newApp("Mi Store");
    const cloud = await newApp("Mi Cloud");
    await appSignedIn({ accountId: account.id, clientId: store, scope: "openid profile email" });
    await appSignedIn({ accountId: account.id, clientId: cloud, scope: "openid phone offline_access" });

    const apps = await listAppAccess({ accountId: account.id });
    expect(apps.map((app) => [app.name, app.scopes])).toEqual(
      expect.arrayContaining([
        ["Mi Store", ["openid", "profile", "email"]],
        ["Mi Cloud", ["openid", "phone", "offline_access"]],
      ]),
    );
    expect(apps).toHaveLength(2);
    for (const app of apps) expect(app.lastUsedAt.getTime()).toBeGreaterThanOrEqual(app.firstUsedAt.getTime());
    // Someone else sees none of them.
    const stranger = await activeAccount();
    expect(await listAppAccess({ accountId: stranger.account.id })).toEqual([]);
  });

  it("removing an app ends its grant, codes and tokens at once, and no other app's", async () => {
    const { account } = await activeAccount();
    const store = await newApp("Mi Store");
    const cloud = await newApp("Mi Cloud");
    const storeTokens = await appSignedIn({ accountId: account.id, clientId: store, scope: "openid offline_access" });
    await appSignedIn({ accountId: account.id, clientId: cloud, scope: "openid offline_access" });
    const other = await activeAccount();
    await appSignedIn({ accountId: other.account.id, clientId: store, scope: "openid offline_access" });

    // Only the account's own app: another account cannot remove it, and an app it never let in is refused.
    expect(await revokeAppAccess({ accountId: other.account.id, clientId: cloud })).toBe(false);
    expect(await revokeAppAccess({ accountId: account.id, clientId: store })).toBe(true);

    expect(await new PrismaAdapter("RefreshToken").find(storeTokens.refresh)).toBeUndefined();
    expect(await new PrismaAdapter("AccessToken").find(storeTokens.access)).toBeUndefined();
    expect(await new PrismaAdapter("Grant").find(storeTokens.grantId)).toBeUndefined();
    expect(await kindsOf(account.id, store)).toEqual([]);
    expect(await kindsOf(account.id, cloud)).toEqual(["AccessToken", "AuthorizationCode", "Grant", "RefreshToken"]);
    expect((await listAppAccess({ accountId: account.id })).map((app) => app.name)).toEqual(["Mi Cloud"]);
    // The same app, for another person, keeps its access.
    expect(await kindsOf(other.account.id, store)).toEqual(["AccessToken", "AuthorizationCode", "Grant", "RefreshToken"]);
    expect((await listAppAccess({ accountId: other.account.id })).map((app) => app.name)).toEqual(["Mi Store"]);
    // A second press finds nothing left to remove.
    expect(await revokeAppAccess({ accountId: account.id, clientId: store })).toBe(false);
  });

  it("a password change ends every app's tokens but keeps the person's consent", async () => {
    const { account, sessionId } = await activeAccount();
    const store = await newApp("Mi Store");
    const cloud = await newApp("Mi Cloud");
    await appSignedIn({ accountId: account.id, clientId: store, scope: "openid offline_access" });
    await appSignedIn({ accountId: account.id, clientId: cloud, scope: "openid email" });
    const other = await activeAccount();
    await appSignedIn({ accountId: other.account.id, clientId: store, scope: "openid offline_access" });

    expect((await changePassword(account.id, { sessionId }, PASSWORD, OTHER_PASSWORD)).ok).toBe(true);

    expect(await kindsOf(account.id)).toEqual(["Grant", "Grant"]);
    expect((await listAppAccess({ accountId: account.id })).map((app) => app.name).sort()).toEqual(["Mi Cloud", "Mi Store"]);
    expect(await kindsOf(other.account.id)).toEqual(["AccessToken", "AuthorizationCode", "Grant", "RefreshToken", "Session"]);
  });

  it("signing out everywhere ends every app's tokens and the provider's sessions, and keeps consent", async () => {
    const { account } = await activeAccount();
    const store = await newApp("Mi Store");
    await appSignedIn({ accountId: account.id, clientId: store, scope: "openid offline_access" });
    await signOutEverywhere(account.id);
    expect(await kindsOf(account.id)).toEqual(["Grant"]);
    expect((await listAppAccess({ accountId: account.id })).map((app) => app.name)).toEqual(["Mi Store"]);
  });
});
