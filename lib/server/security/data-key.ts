import "server-only";
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { mkdirSync, openSync, readFileSync, writeSync, closeSync } from "node:fs";
import { dirname } from "node:path";
import { env } from "@/lib/server/config/env";

// The data key: what the portal encrypts the secrets it must read back later with (an authenticator app's TOTP
// secret), and keys the HMAC of the ones it only compares (recovery codes). A copy of the database alone (a backup,
// a leaked dump) then holds neither. AES-256-GCM, a fresh 12-byte IV per value; each value names its key by a short
// id, so after a rotation (DATA_KEY new, the old one in DATA_KEY_PREVIOUS) old values are still read, and rewritten
// under the new key when next used (docs/OPERATIONS.md, "The data key").

export type DataKey = { id: string; bytes: Buffer };

const FORMAT = "k1";

function parseKey(text: string): Buffer {
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  if (bytes.length !== 32) throw new Error("A data key must be 32 bytes");
  return bytes;
}

function keyOf(bytes: Buffer): DataKey {
  // An id, not the key: 8 hex digits of a hash of it, enough to tell a handful of keys apart.
  return { id: createHash("sha256").update("mi-data-key-id").update(bytes).digest("hex").slice(0, 8), bytes };
}

/**
 * The embedded default's key: made once in DATA_KEY_FILE (mode 0600) by whichever process needs it first, and read
 * by every other (two instances on one machine started together make one key between them: the file is created
 * exclusively, so the loser reads the winner's).
 */
function keyFromFile(path: string): Buffer {
  try {
    return parseKey(readFileSync(path, "utf8").trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dirname(path), { recursive: true });
  try {
    const fd = openSync(path, "wx", 0o600);
    writeSync(fd, `${randomBytes(32).toString("base64")}\n`);
    closeSync(fd);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return parseKey(readFileSync(path, "utf8").trim());
}

/** The key new values are written with, and every key values may have been written with (current first). */
export type Keyring = { current: DataKey; all: DataKey[] };

/** A keyring from keys as configured (base64 or hex): the current one, then those retired by rotations. */
export function keyring({ current, previous = [] }: { current: string; previous?: string[] }): Keyring {
  const now = keyOf(parseKey(current));
  return { current: now, all: [now, ...previous.map((text) => keyOf(parseKey(text))).filter((key) => key.id !== now.id)] };
}

let configured: Keyring | undefined;

/** The portal's keyring: DATA_KEY (or the key file) and DATA_KEY_PREVIOUS, read once. */
export function dataKeys(): Keyring {
  configured ??= keyring({ current: env.DATA_KEY ?? keyFromFile(env.DATA_KEY_FILE).toString("base64"), previous: env.DATA_KEY_PREVIOUS });
  return configured;
}

/** `plain` encrypted under the current key: "k1.<key id>.<iv>.<ciphertext and tag>", base64url parts. */
export function encryptData(plain: string, keys: Keyring = dataKeys()): string {
  const key = keys.current;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.bytes, iv);
  const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return [FORMAT, key.id, iv.toString("base64url"), sealed.toString("base64url")].join(".");
}

/**
 * The plain text of a value encrypted with any known key, and whether it should be written again under the current
 * key (it was written under a previous one). Throws on a value no known key opens: a lost key, not a wrong guess.
 */
export function decryptData(sealedValue: string, keys: Keyring = dataKeys()): { plain: string; stale: boolean } {
  const [format, keyId, ivText, sealedText] = sealedValue.split(".");
  const { current, all } = keys;
  const key = all.find((candidate) => candidate.id === keyId);
  if (format !== FORMAT || !key || !ivText || !sealedText) {
    throw new Error(`A value encrypted with data key ${keyId ?? "?"}, which is neither DATA_KEY nor in DATA_KEY_PREVIOUS`);
  }
  const sealed = Buffer.from(sealedText, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key.bytes, Buffer.from(ivText, "base64url"));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString("utf8");
  return { plain, stale: key.id !== current.id };
}

/**
 * HMAC-SHA-256 of `value` under each known key, current first: what a short secret that is only ever compared
 * (a recovery code) is stored as and looked up by. Without the key, a copy of the database cannot be searched.
 */
export function dataHmacs(value: string, keys: Keyring = dataKeys()): string[] {
  return keys.all.map((key) => createHmac("sha256", key.bytes).update(value, "utf8").digest("hex"));
}
