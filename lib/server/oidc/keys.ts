import "server-only";
import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { db } from "@/lib/server/db/client";

// The provider's keys live in the database (OidcKey), so every instance signs with the same ones and publishes
// the same set. ID tokens are signed with ES256 (the default here) or RS256 (what many libraries expect); each
// algorithm has one current key. `npm run oidc:keys -- rotate` makes new current keys; the old ones stop signing at
// once but stay published until every token they signed has expired, so an app that verifies a token against
// /oidc/jwks never meets an unknown key.

export const SIGNING_ALGORITHMS = ["ES256", "RS256"] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** How long a retired key stays published: the longest life of anything it signed (ID tokens, 1 hour), and a margin. */
export const RETIRED_KEY_PUBLISHED_MS = 2 * 60 * 60 * 1000;

export type ProviderKeys = {
  /** Private JWKs: each algorithm's current key first (the provider signs with the first key of an algorithm). */
  jwks: JWK[];
  /** Keys for the provider's signed cookies, newest first (older ones still verify). */
  cookieKeys: string[];
  /** Changes whenever the set does, so a running instance can tell it must reload (lib/server/oidc/provider.ts). */
  version: string;
};

async function newSigningKey(alg: SigningAlgorithm): Promise<{ kid: string; jwk: JWK }> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "RS256" ? { modulusLength: 2048 } : {}) });
  const kid = randomBytes(12).toString("base64url");
  return { kid, jwk: { ...(await exportJWK(privateKey)), kid, alg, use: "sig" } };
}

/** New current keys for every algorithm (and the cookies); the previous ones retire. */
export async function rotateKeys({ now }: { now: Date }): Promise<string[]> {
  const signing = await Promise.all(SIGNING_ALGORITHMS.map(newSigningKey));
  const cookie = { kid: randomBytes(12).toString("base64url"), secret: randomBytes(32).toString("base64url") };
  await db.$transaction(async (tx) => {
    await tx.oidcKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now } });
    await tx.oidcKey.createMany({
      data: [
        ...signing.map(({ kid, jwk }) => ({ kid, use: "sig", alg: String(jwk.alg), jwk: JSON.stringify(jwk), createdAt: now })),
        { kid: cookie.kid, use: "cookie", alg: "HS256", jwk: JSON.stringify({ secret: cookie.secret }), createdAt: now },
      ],
    });
  });
  return signing.map(({ kid }) => kid);
}

/** Deletes the keys retired long enough ago that nothing they signed is still valid; returns how many. */
export async function pruneRetiredKeys({ now }: { now: Date }): Promise<number> {
  const before = new Date(now.getTime() - RETIRED_KEY_PUBLISHED_MS);
  // Cookie keys are kept as long as signing keys: a provider session cookie outlives neither.
  const { count } = await db.oidcKey.deleteMany({ where: { retiredAt: { lt: before } } });
  return count;
}

/**
 * The keys to run the provider with. On a database that has none yet (a fresh install), the first instance to
 * ask makes them; instances starting together may each make a set, and the newest set wins for all of them.
 */
export async function loadKeys({ now }: { now: Date }): Promise<ProviderKeys> {
  let rows = await db.oidcKey.findMany({ orderBy: [{ createdAt: "desc" }, { kid: "asc" }] });
  if (!rows.some((row) => row.retiredAt === null)) {
    await rotateKeys({ now });
    rows = await db.oidcKey.findMany({ orderBy: [{ createdAt: "desc" }, { kid: "asc" }] });
  }
  const publishedSince = now.getTime() - RETIRED_KEY_PUBLISHED_MS;
  const live = rows.filter((row) => row.retiredAt === null || row.retiredAt.getTime() > publishedSince);
  // The newest unretired key of each algorithm comes first; if two instances made sets at once, the newest set
  // (by createdAt, then kid) is current for everyone, and the other stays published.
  const current = new Set<string>();
  for (const alg of SIGNING_ALGORITHMS) {
    const key = live.find((row) => row.use === "sig" && row.alg === alg && row.retiredAt === null);
    if (key) current.add(key.kid);
  }
  const signing = live.filter((row) => row.use === "sig");
  const ordered = [...signing.filter((row) => current.has(row.kid)), ...signing.filter((row) => !current.has(row.kid))];
  return {
    jwks: ordered.map((row) => JSON.parse(row.jwk) as JWK),
    cookieKeys: live.filter((row) => row.use === "cookie").map((row) => (JSON.parse(row.jwk) as { secret: string }).secret),
    version: rows.map((row) => `${row.kid}:${row.retiredAt?.getTime() ?? ""}`).join(","),
  };
}

/** A cheap read of the key set's version, to see whether it changed since an instance loaded it. */
export async function keysVersion(): Promise<string> {
  const rows = await db.oidcKey.findMany({ orderBy: [{ createdAt: "desc" }, { kid: "asc" }], select: { kid: true, retiredAt: true } });
  return rows.map((row) => `${row.kid}:${row.retiredAt?.getTime() ?? ""}`).join(",");
}
