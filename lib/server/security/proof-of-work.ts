import "server-only";
import { randomInt } from "node:crypto";
import { createChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { db } from "@/lib/server/db/client";
import { countAttempt, LIMITS } from "@/lib/server/security/rate-limit";
import { hashSecret } from "@/lib/server/security/secrets";
import { hexToBytes, powPassword, PROOF_OF_WORK, type ProofOfWorkChallenge } from "@/lib/shared/proof-of-work";

// The server side of the proof of work (lib/shared/proof-of-work.ts). altcha-lib draws the challenge in its
// deterministic mode: the server picks the counter and keeps only the key prefix it leads to, so checking a
// solution is one key derivation. Challenges live in the database per browser, and are used up by the
// first check, right or wrong, so a solution cannot be replayed and every instance can check any of them.

/** What a form's proof of work came to: none sent (no JavaScript), solved, or the hard one solved. */
export type ProofOfWorkResult = "none" | "solved" | "hard-solved";

// The hard challenge from one address within the hour: the first LIMITS.captchaAlternativePerIp.points get the base
// work, each further group of as many one base more. Never refused (a person who cannot see the image must not
// be locked out by others sharing the address), but a script that asks for n of them in an hour does about
// n² / (2 × points) times the base work, while twenty people each signing up and in (40 challenges) wait at most
// twice as long as the first.
// Capped so the worst case stays a wait a person can sit through (about 40 s on average).
const HARD_WORK_MAX_FACTOR = 25;

function hardMaxCounter(place: number): number {
  const factor = Math.min(HARD_WORK_MAX_FACTOR, Math.ceil(place / LIMITS.captchaAlternativePerIp.points));
  return PROOF_OF_WORK.hardMaxCounter * factor;
}

/** A whole number in [0, max], both ends included, from a cryptographic source. */
const secretCounter = (max: number) => randomInt(0, max + 1);

/**
 * A new challenge for this browser (its challenge id), replacing its earlier one; `hard` for the image's stand-in,
 * counted against the address group. `random` is for tests: it picks the secret counter in [0, max].
 */
export async function issueProofOfWork({
  challengeId,
  hard,
  ipGroup,
  now,
  random = secretCounter,
}: {
  challengeId: string;
  hard: boolean;
  ipGroup: string;
  now: Date;
  random?: (max: number) => number;
}): Promise<ProofOfWorkChallenge> {
  const maxCounter = hard ? hardMaxCounter((await countAttempt({ limit: LIMITS.captchaAlternativePerIp, key: ipGroup })).count) : PROOF_OF_WORK.maxCounter;
  const { parameters } = await createChallenge({
    algorithm: "PBKDF2/SHA-256",
    cost: PROOF_OF_WORK.cost,
    counter: random(maxCounter),
    deriveKey,
  });
  const challenge: ProofOfWorkChallenge = {
    algorithm: "PBKDF2/SHA-256",
    cost: parameters.cost,
    keyLength: parameters.keyLength ?? 32,
    keyPrefix: parameters.keyPrefix,
    nonce: parameters.nonce,
    salt: parameters.salt,
    maxCounter,
  };
  const idHash = hashSecret(challengeId);
  const row = { parameters: JSON.stringify(challenge), hard, expiresAt: new Date(now.getTime() + PROOF_OF_WORK.lifetimeMs) };
  await db.proofOfWork.upsert({ where: { idHash }, create: { idHash, ...row }, update: row });
  await db.proofOfWork.deleteMany({ where: { expiresAt: { lt: now } } });
  return challenge;
}

/** Checks a sent counter against this browser's challenge, once. */
export async function checkProofOfWork({ challengeId, sent, now }: { challengeId: string | undefined; sent: string | undefined; now: Date }): Promise<ProofOfWorkResult> {
  if (!challengeId || !sent || !/^\d{1,9}$/.test(sent)) return "none";
  const idHash = hashSecret(challengeId);
  const row = await db.proofOfWork.findUnique({ where: { idHash } });
  if (!row) return "none";
  // A conditional delete is the check's ticket: two racing submissions cannot both use one solution.
  const taken = await db.proofOfWork.deleteMany({ where: { idHash, parameters: row.parameters } });
  if (taken.count !== 1 || row.expiresAt <= now) return "none";
  const challenge = JSON.parse(row.parameters) as ProofOfWorkChallenge;
  const { derivedKey } = await deriveKey(challenge, hexToBytes(challenge.salt), powPassword(hexToBytes(challenge.nonce), Number(sent)));
  if (!Buffer.from(derivedKey).toString("hex").startsWith(challenge.keyPrefix)) return "none";
  return row.hard ? "hard-solved" : "solved";
}
