import "server-only";
import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { db, uniqueViolationFields } from "@/lib/server/db/client";

// The provider's keys live in the database (OidcKey), so every instance signs with the same ones and publishes
// the same set. ID tokens are signed with RS256 (OpenID Connect's default, which every library expects) or ES256
// (for an app whose metadata asks for it: id_token_signed_response_alg); each algorithm has one current key.
// `npm run oidc:keys -- rotate` makes new keys: published at once, signing a minute later (when every instance has
// seen them); the old ones stay published until every token they signed has expired, so an app that verifies a
// token against /oidc/jwks never meets an unknown key, whichever instance it asks.

export const SIGNING_ALGORITHMS = ["ES256", "RS256"] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** How long a retired key stays published: the longest life of anything it signed (ID tokens, 1 hour), and a margin. */
export const RETIRED_KEY_PUBLISHED_MS = 2 * 60 * 60 * 1000;

/**
 * How long a new key is published before it signs. Every instance looks at the key set at least every 30 seconds
 * (lib/server/oidc/provider.ts), so by the time any instance signs an ID token or a cookie with a new key, every
 * instance publishes it and accepts cookies signed with it. Without this, for up to 30 s after a rotation, an
 * instance that had not looked yet refused the others' cookies (a sign-in in progress failed) and an app that
 * fetched /oidc/jwks from it could not verify the others' ID tokens.
 */
export const NEW_KEY_PUBLISHED_FIRST_MS = 60_000;

export type ProviderKeys = {
  /** Private JWKs: each algorithm's current key first (the provider signs with the first key of an algorithm). */
  jwks: JWK[];
  /** Keys for the provider's signed cookies, the current one first (the others still verify). */
  cookieKeys: string[];
  /** Changes whenever the set or its current keys do, so a running instance can tell it must reload. */
  version: string;
};

async function newSigningKey(alg: SigningAlgorithm): Promise<{ kid: string; jwk: JWK }> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "RS256" ? { modulusLength: 2048 } : {}) });
  const kid = randomBytes(12).toString("base64url");
  return { kid, jwk: { ...(await exportJWK(privateKey)), kid, alg, use: "sig" } };
}

/** The kinds of key rows; a "lock" row only marks that the first keys were made (makeFirstKeys). */
const KEY_USES = ["sig", "cookie"];

/** A new set of rows: a signing key per algorithm and a cookie key (made outside any transaction: RSA is slow). */
async function newKeyRows(now: Date) {
  const signing = await Promise.all(SIGNING_ALGORITHMS.map(newSigningKey));
  const cookie = { kid: randomBytes(12).toString("base64url"), secret: randomBytes(32).toString("base64url") };
  return [
    ...signing.map(({ kid, jwk }) => ({ kid, use: "sig", alg: String(jwk.alg), jwk: JSON.stringify(jwk), createdAt: now })),
    { kid: cookie.kid, use: "cookie", alg: "HS256", jwk: JSON.stringify({ secret: cookie.secret }), createdAt: now },
  ];
}

/**
 * New keys for every algorithm (and the cookies), published at once and signing from NEW_KEY_PUBLISHED_FIRST_MS on;
 * the previous ones sign until then (their retiredAt), and stay published RETIRED_KEY_PUBLISHED_MS after.
 */
export async function rotateKeys({ now }: { now: Date }): Promise<string[]> {
  const rows = await newKeyRows(now);
  const handover = new Date(now.getTime() + NEW_KEY_PUBLISHED_FIRST_MS);
  await db.$transaction(async (tx) => {
    await tx.oidcKey.updateMany({ where: { use: { in: KEY_USES }, OR: [{ retiredAt: null }, { retiredAt: { gt: handover } }] }, data: { retiredAt: handover } });
    await tx.oidcKey.createMany({ data: rows });
  });
  return rows.filter((row) => row.use === "sig").map((row) => row.kid);
}

/**
 * A fresh install's first keys, made by one instance only: instances starting together each try to insert the same
 * lock row with them, the database lets one do it (the others wait for its commit, then fail on the key), and
 * they all read the one set. Two sets at once would leave an instance signing with a key the other does not
 * publish until its next look at the key set.
 */
async function makeFirstKeys({ now }: { now: Date }): Promise<void> {
  const rows = await newKeyRows(now);
  try {
    await db.$transaction(async (tx) => {
      await tx.oidcKey.create({ data: { kid: "first-keys", use: "lock", alg: "none", jwk: "{}", createdAt: now } });
      await tx.oidcKey.createMany({ data: rows });
    });
  } catch (error) {
    if (uniqueViolationFields(error) === null) throw error;
  }
}

/** Deletes the keys retired long enough ago that nothing they signed is still valid; returns how many. */
export async function pruneRetiredKeys({ now }: { now: Date }): Promise<number> {
  const before = new Date(now.getTime() - RETIRED_KEY_PUBLISHED_MS);
  // Cookie keys are kept as long as signing keys: the provider re-signs a cookie with the current key when it reads it.
  const { count } = await db.oidcKey.deleteMany({ where: { use: { in: KEY_USES }, retiredAt: { lt: before } } });
  return count;
}

type KeyRow = { kid: string; use: string; alg: string; createdAt: Date; retiredAt: Date | null };

/**
 * The key of each algorithm (and the cookie key) that signs at `now`: of the keys not yet retired, the newest that
 * has been published long enough, or, on a fresh install, the oldest (there is no other).
 */
function signingKids(rows: KeyRow[], now: Date): Set<string> {
  const kids = new Set<string>();
  const ripe = now.getTime() - NEW_KEY_PUBLISHED_FIRST_MS;
  for (const alg of [...SIGNING_ALGORITHMS, "HS256"]) {
    // Newest first (rows are read in that order).
    const candidates = rows.filter((row) => row.alg === alg && (row.retiredAt === null || row.retiredAt.getTime() > now.getTime()));
    const key = candidates.find((row) => row.createdAt.getTime() <= ripe) ?? candidates.at(-1);
    if (key) kids.add(key.kid);
  }
  return kids;
}

const versionOf = (rows: KeyRow[], now: Date) => {
  const signing = signingKids(rows, now);
  return rows.map((row) => `${row.kid}:${row.retiredAt?.getTime() ?? ""}:${signing.has(row.kid) ? "s" : ""}`).join(",");
};

const readKeyRows = () => db.oidcKey.findMany({ where: { use: { in: KEY_USES } }, orderBy: [{ createdAt: "desc" }, { kid: "asc" }] });
const hasCurrentKeys = (rows: KeyRow[]) => rows.some((row) => row.use === "sig" && row.retiredAt === null);

/** The keys to run the provider with. On a database that has none yet (a fresh install), one instance makes them. */
export async function loadKeys({ now }: { now: Date }): Promise<ProviderKeys> {
  let rows = await readKeyRows();
  if (!hasCurrentKeys(rows)) {
    await makeFirstKeys({ now });
    rows = await readKeyRows();
  }
  // Keys deleted by hand after the first ones were made: make a set.
  if (!hasCurrentKeys(rows)) {
    await rotateKeys({ now });
    rows = await readKeyRows();
  }
  const publishedSince = now.getTime() - RETIRED_KEY_PUBLISHED_MS;
  const live = rows.filter((row) => row.retiredAt === null || row.retiredAt.getTime() > publishedSince);
  const signing = signingKids(live, now);
  const first = <T extends KeyRow>(list: T[]) => [...list.filter((row) => signing.has(row.kid)), ...list.filter((row) => !signing.has(row.kid))];
  return {
    jwks: first(live.filter((row) => row.use === "sig")).map((row) => JSON.parse(row.jwk) as JWK),
    cookieKeys: first(live.filter((row) => row.use === "cookie")).map((row) => (JSON.parse(row.jwk) as { secret: string }).secret),
    version: versionOf(rows, now),
  };
}

/** A cheap read of the key set's version, to see whether it changed since an instance loaded it. */
export async function keysVersion({ now }: { now: Date }): Promise<string> {
  const rows = await db.oidcKey.findMany({
    where: { use: { in: KEY_USES } },
    orderBy: [{ createdAt: "desc" }, { kid: "asc" }],
    select: { kid: true, use: true, alg: true, createdAt: true, retiredAt: true },
  });
  return versionOf(rows, now);
}
