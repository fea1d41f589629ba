import "server-only";
import { randomBytes } from "node:crypto";
import type { AdapterPayload, ClientMetadata } from "oidc-provider";
import { db } from "@/lib/server/db/client";

// The apps that may send people here to sign in, registered by the operator (`npm run oidc:client`): the
// provider reads each one's metadata from OidcClient by client_id when a request names it.

/** How an app proves it is itself at the token endpoint. */
export type ClientAuth = "client_secret_basic" | "private_key_jwt" | "none";

export type NewClient = {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** A native app or a browser-only app: no secret, PKCE alone (RFC 8252, RFC 9700 §2.1.1). */
  isPublic?: boolean;
  /** For private_key_jwt: the app's public keys (a JWKS) or where to fetch them. */
  jwks?: { keys: object[] };
  jwksUri?: string;
  /** A resource server (an API) may introspect tokens issued to other apps. */
  resourceServer?: boolean;
};

export type RegisteredClient = { clientId: string; clientSecret?: string; metadata: ClientMetadata };

/** Is this redirect URI one an app may register? Exact strings; a native app's loopback or private-use scheme. */
export function redirectUriProblem(uri: string, { isPublic }: { isPublic: boolean }): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return "is not a URL";
  }
  if (url.hash) return "must not have a fragment";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:") {
    if (["127.0.0.1", "[::1]", "localhost"].includes(url.hostname)) return null;
    return "must use https (http only for loopback addresses)";
  }
  // A private-use scheme (com.example.app:/callback), for native apps only (RFC 8252 §7.1): reverse domain names.
  if (isPublic && /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol)) return null;
  return isPublic ? "must be https, http on a loopback address, or a reverse-domain private-use scheme" : "must use https";
}

/**
 * Why an app cannot be registered as asked (every redirect URI, and what a public app may not have), or null. Its
 * keys need only be named (`jwks` may be the file they will be read from).
 */
export function registrationProblem(client: Omit<NewClient, "name" | "jwks"> & { jwks?: unknown }): string | null {
  const isPublic = Boolean(client.isPublic);
  for (const uri of [...client.redirectUris, ...(client.postLogoutRedirectUris ?? [])]) {
    const problem = redirectUriProblem(uri, { isPublic });
    if (problem) return `${uri} ${problem}`;
  }
  if (isPublic && (client.jwks || client.jwksUri)) return "a public app has no keys: leave out --jwks and --jwks-uri";
  if (isPublic && client.resourceServer) return "a resource server must prove who it is: leave out --public";
  return null;
}

/** A loopback address (not the name "localhost", RFC 8252 §8.3) or a private-use scheme: a native app's redirect. */
function isNative(redirectUris: string[]): boolean {
  return redirectUris.some((uri) => {
    const { protocol, hostname } = new URL(uri);
    return protocol !== "https:" && (protocol !== "http:" || ["127.0.0.1", "[::1]"].includes(hostname));
  });
}

/** Registers an app and returns its client_id, and its secret this once (it is not shown again). */
export async function addClient(client: NewClient): Promise<RegisteredClient> {
  const clientId = `mi-${randomBytes(9).toString("base64url")}`;
  const auth: ClientAuth = client.isPublic ? "none" : client.jwks || client.jwksUri ? "private_key_jwt" : "client_secret_basic";
  const clientSecret = auth === "client_secret_basic" ? randomBytes(32).toString("base64url") : undefined;
  const metadata: ClientMetadata = {
    client_id: clientId,
    client_name: client.name,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: auth,
    // Loopback and private-use redirects are a native app's (RFC 8252): the provider then ignores the loopback port.
    application_type: isNative(client.redirectUris) ? "native" : "web",
    ...(clientSecret ? { client_secret: clientSecret } : {}),
    ...(client.jwks ? { jwks: client.jwks } : {}),
    ...(client.jwksUri ? { jwks_uri: client.jwksUri } : {}),
    ...(client.resourceServer ? { mi_resource_server: true } : {}),
  };
  await db.oidcClient.create({ data: { id: clientId, name: client.name, metadata: JSON.stringify(metadata) } });
  return { clientId, clientSecret, metadata };
}

export type ClientSummary = { clientId: string; name: string; redirectUris: readonly string[]; isPublic: boolean; createdAt: Date };

export async function listClients(): Promise<ClientSummary[]> {
  const rows = await db.oidcClient.findMany({ orderBy: { createdAt: "asc" } });
  return rows.map((row) => {
    const metadata = JSON.parse(row.metadata) as ClientMetadata;
    return { clientId: row.id, name: row.name, redirectUris: metadata.redirect_uris ?? [], isPublic: metadata.token_endpoint_auth_method === "none", createdAt: row.createdAt };
  });
}

/** Removes an app with everything it was given: its grants, codes and tokens, and its place on account pages. */
export async function removeClient(clientId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.oidcClient.deleteMany({ where: { id: clientId } });
    await tx.oidcArtifact.deleteMany({ where: { clientId } });
    await tx.appAccess.deleteMany({ where: { clientId } });
    return count === 1;
  });
}

/** The names of apps, for pages that list them by client_id. */
export async function clientNames(clientIds: string[]): Promise<Map<string, string>> {
  const rows = await db.oidcClient.findMany({ where: { id: { in: clientIds } }, select: { id: true, name: true } });
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** What the provider's adapter answers for a client_id (lib/server/oidc/adapter.ts). */
export async function readClientMetadata(clientId: string): Promise<AdapterPayload | undefined> {
  const row = await db.oidcClient.findUnique({ where: { id: clientId } });
  return row ? (JSON.parse(row.metadata) as AdapterPayload) : undefined;
}
