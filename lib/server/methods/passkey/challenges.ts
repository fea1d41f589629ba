import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/server/db/client";
import { occasionalSweep } from "@/lib/server/ops/sweep";

// WebAuthn challenges (the PasskeyChallenge rows): one per ceremony, kept in the database so that any instance
// behind the load balancer can check the answer, found again by the challenge the browser's signed data carries
// (never by a cookie: two tabs may each run a ceremony), and deleted by the one request that uses it.

/**
 * How long a ceremony may take. The browser is given the same timeout, but may ignore it (a conditional, autofill
 * request often waits longer): the sign-in page asks for a fresh challenge before this one runs out.
 */
export const CHALLENGE_LIFETIME_MS = 5 * 60 * 1000;

/** "sign-in": any passkey may answer it. "add": a new passkey for `accountId`, named `name`. */
export type ChallengePurpose = { purpose: "sign-in" } | { purpose: "add"; accountId: string; name: string };

const hashOf = (challenge: string) => createHash("sha256").update(challenge, "utf8").digest("hex");

const sweepExpired = occasionalSweep({
  name: "passkey-challenges",
  everyMs: 10 * 60 * 1000,
  sweep: (now) => db.passkeyChallenge.deleteMany({ where: { expiresAt: { lte: now } } }),
});

/** Keeps `challenge` (base64url, made by @simplewebauthn/server) for CHALLENGE_LIFETIME_MS. */
export async function keepChallenge({ challenge, for: purpose, now }: { challenge: string; for: ChallengePurpose; now: Date }): Promise<void> {
  sweepExpired(now);
  await db.passkeyChallenge.create({
    data: {
      challengeHash: hashOf(challenge),
      purpose: purpose.purpose,
      accountId: purpose.purpose === "add" ? purpose.accountId : null,
      name: purpose.purpose === "add" ? purpose.name : null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + CHALLENGE_LIFETIME_MS),
    },
  });
}

/**
 * Uses up `challenge` if it was handed out for this purpose (and, for "add", this account) and has not expired:
 * returns its row, or null. One conditional delete decides, so of two requests carrying the same challenge at
 * once exactly one gets it.
 */
export async function spendChallenge({ challenge, purpose, accountId, now }: { challenge: string; purpose: "sign-in" | "add"; accountId?: string; now: Date }) {
  if (challenge.length > 128) return null;
  const where = { challengeHash: hashOf(challenge), purpose, ...(purpose === "add" ? { accountId } : {}), expiresAt: { gt: now } };
  const row = await db.passkeyChallenge.findFirst({ where });
  if (!row) return null;
  const { count } = await db.passkeyChallenge.deleteMany({ where });
  return count === 1 ? row : null;
}
