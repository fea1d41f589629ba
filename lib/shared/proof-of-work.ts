// Proof of work: before a registration or a sign-in after failures is checked, the browser spends a moment of CPU
// finding the counter the server picked (ALTCHA's scheme: PBKDF2-SHA-256 of nonce + counter must start with
// the key prefix). A person does not notice it; a script pays it on every try. Browser-safe: the page solves
// with WebCrypto, and the server checks one counter (lib/server/security/proof-of-work.ts).

/** What the browser gets: the parameters of one challenge (no secret in them), and where its search may stop. */
export type ProofOfWorkChallenge = {
  algorithm: "PBKDF2/SHA-256";
  cost: number;
  keyLength: number;
  keyPrefix: string;
  nonce: string;
  salt: string;
  /** The top of the range the secret counter was drawn from: published, as ALTCHA's maxnumber is. */
  maxCounter: number;
};

// The server draws the secret counter uniformly from all of [0, max] (ALTCHA's scheme), never from a published
// narrower range: a solver cannot tell where it is, so it must try counters in some order until one fits. Any
// order takes (max + 2) / 2 tries on average and max + 1 at worst; skipping part of the range only misses the
// secrets that were there. At about 0.4 ms a try (PBKDF2 at `cost`, measured by `npm run bench`):
export const PROOF_OF_WORK = {
  /** PBKDF2 iterations per try. */
  cost: 1_000,
  /** Registration and sign-in: ~400 tries on average, about 0.15 s in a browser, unnoticed. */
  maxCounter: 800,
  /**
   * The image's stand-in for people who cannot see it: ten times the work, ~4,000 tries, 1.5 s on average and 3 s
   * at worst. From a busy address it grows (lib/server/security/proof-of-work.ts), never refused.
   */
  hardMaxCounter: 8_000,
  lifetimeMs: 10 * 60 * 1000,
} as const;

export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The nonce followed by the counter as a big-endian 32-bit integer: the "password" each try derives from. */
export function powPassword(nonce: Uint8Array, counter: number): Uint8Array<ArrayBuffer> {
  const password = new Uint8Array(nonce.length + 4);
  password.set(nonce, 0);
  new DataView(password.buffer).setUint32(nonce.length, counter, false);
  return password;
}

/** Finds the counter (WebCrypto, in the browser or Node), searching from 0 up; null when stopped or past the top. */
export async function solveProofOfWork(challenge: ProofOfWorkChallenge, signal?: AbortSignal): Promise<number | null> {
  const { maxCounter } = challenge;
  const nonce = hexToBytes(challenge.nonce);
  const salt = hexToBytes(challenge.salt);
  const prefix = challenge.keyPrefix.toLowerCase();
  for (let counter = 0; counter <= maxCounter; counter++) {
    if (signal?.aborted) return null;
    const key = await crypto.subtle.importKey("raw", powPassword(nonce, counter), "PBKDF2", false, ["deriveBits"]);
    const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: challenge.cost }, key, challenge.keyLength * 8);
    if (hex(bits).startsWith(prefix)) return counter;
  }
  return null;
}
