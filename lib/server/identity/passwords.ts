import "server-only";
import bcrypt from "bcrypt";
import { env } from "@/lib/server/config/env";

// Hashing lives here, server-only; the rule itself is in password-rules.ts, shared with the page hints.
export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, env.BCRYPT_COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/**
 * A hash made at another cost than today's BCRYPT_COST (the cost was raised since): it is made again at the next
 * right password, so that in time every account's check takes as long as an unknown identifier's does.
 */
export function needsRehash(hash: string): boolean {
  return bcrypt.getRounds(hash) !== env.BCRYPT_COST;
}

let dummyHash: Promise<string> | undefined;

/** Spends the same bcrypt time as a real check, so an unknown account cannot be told apart by timing. */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= bcrypt.hash("not-a-real-password-0", env.BCRYPT_COST);
  await bcrypt.compare(password, await dummyHash);
  return false;
}
