import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes, base64url: the form of every secret the portal hands out (links, cookies). */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** Only this hash of a handed-out secret is stored, so a database leak cannot be replayed. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function isSecretShaped(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}
