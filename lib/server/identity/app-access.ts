import "server-only";
import { db } from "@/lib/server/db/client";
import type { TransactionClient } from "@/lib/server/db/types";

// "Sign in with Mi" as a noun of the account: the apps a person let in (AppAccess, kept by the OpenID Provider's
// adapter, lib/server/oidc/adapter.ts), for the account page, and the ways their access ends: the person removes
// one app, or their password changes / they sign out everywhere (every app's tokens end).

/** The provider's models that carry an app's access for an account: codes and tokens, never the consent itself. */
const TOKEN_KINDS = ["AccessToken", "RefreshToken", "AuthorizationCode", "BackchannelAuthenticationRequest", "DeviceCode"];

export type AppWithAccess = { clientId: string; name: string | null; scopes: string[]; firstUsedAt: Date; lastUsedAt: Date };

export async function listAppAccess({ accountId }: { accountId: string }): Promise<AppWithAccess[]> {
  const rows = await db.appAccess.findMany({ where: { accountId }, orderBy: { lastUsedAt: "desc" } });
  const clients = await db.oidcClient.findMany({ where: { id: { in: rows.map((row) => row.clientId) } }, select: { id: true, name: true } });
  const names = new Map(clients.map((client) => [client.id, client.name]));
  return rows.map((row) => ({
    clientId: row.clientId,
    name: names.get(row.clientId) ?? null,
    scopes: row.scopes.split(" ").filter(Boolean),
    firstUsedAt: row.firstUsedAt,
    lastUsedAt: row.lastUsedAt,
  }));
}

/**
 * The person removes an app: its consent (every grant this account gave it), its codes and tokens, refresh tokens
 * included, end at once; the app must ask again. False when it had no access.
 */
export async function revokeAppAccess({ accountId, clientId }: { accountId: string; clientId: string }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.appAccess.deleteMany({ where: { accountId, clientId } });
    await tx.oidcArtifact.deleteMany({ where: { accountId, clientId, kind: { in: [...TOKEN_KINDS, "Grant"] } } });
    return count === 1;
  });
}

/**
 * Every app's codes and tokens for this account end (a password change, "sign out everywhere"): apps keep the
 * person's consent but must sign them in again. In the caller's transaction, with the change that causes it.
 */
export async function revokeAccountTokens(tx: Pick<TransactionClient, "oidcArtifact">, { accountId }: { accountId: string }): Promise<number> {
  const { count } = await tx.oidcArtifact.deleteMany({ where: { accountId, kind: { in: [...TOKEN_KINDS, "Session"] } } });
  return count;
}
