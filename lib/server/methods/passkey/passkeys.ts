import "server-only";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { env } from "@/lib/server/config/env";
import { db, uniqueViolationFields } from "@/lib/server/db/client";
import type { PasskeyAssertion, PasskeyCreation } from "@/lib/server/validation/passkey";
import { CHALLENGE_LIFETIME_MS, keepChallenge, spendChallenge } from "./challenges";

// Passkeys (WebAuthn, with @simplewebauthn/server): the two ceremonies and the Passkey rows. A passkey signs in
// alone and counts as both steps, so user verification (the device's PIN, fingerprint or face) is required in
// both ceremonies, never merely preferred. Credentials are discoverable (resident keys): the sign-in page asks
// for "any passkey of this site" and the browser offers the person's own, with no identifier typed first.
// Attestation is not asked for: which maker's authenticator it is would tell the portal nothing it acts on.

/** An account may have this many passkeys: enough for a phone, a laptop, a security key and spares. */
export const MAX_PASSKEYS = 10;

/** The relying party: the site's host name is the RP ID, and its origin the only one a ceremony may come from. */
export function relyingParty(appUrl = env.APP_URL): { id: string; name: string; origin: string } {
  const url = new URL(appUrl);
  return { id: url.hostname, name: "Mi Account", origin: url.origin };
}

const TIMEOUT_MS = CHALLENGE_LIFETIME_MS;

/** The largest signature counter kept (the column's range): WebAuthn's is 32 bits unsigned; real ones stay far below. */
const MAX_COUNTER = 2 ** 31 - 1;

/**
 * The signature algorithms a new passkey may use (COSE ids): Ed25519, ES256 and RS256, what passkey providers use.
 * Said outright: the library's default asks the runtime whether it verifies post-quantum ML-DSA, an experimental
 * Web Crypto call on Node 24 that prints a warning into the server's log.
 */
const ALGORITHMS = [-8, -7, -257];

export type PasskeySummary = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; synced: boolean };

export async function listPasskeys({ accountId }: { accountId: string }): Promise<PasskeySummary[]> {
  const rows = await db.passkey.findMany({ where: { accountId }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt, synced: row.backedUp }));
}

export async function countPasskeys({ accountId }: { accountId: string }): Promise<number> {
  return db.passkey.count({ where: { accountId } });
}

// The ceremony that adds a passkey.

/**
 * The options for the browser's navigator.credentials.create(), with their challenge kept for this account and
 * name. The user handle is the account's internal id (not its email, phone or Mi ID, which the authenticator
 * would store in the clear); the passkeys it has already are excluded, so an authenticator is not added twice.
 */
export async function creationOptions(
  { account, name, now }: { account: { id: string; miId: string; email: string | null; phone: string | null }; name: string; now: Date },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const rp = relyingParty();
  const existing = await db.passkey.findMany({ where: { accountId: account.id }, select: { id: true, transports: true } });
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userID: new TextEncoder().encode(account.id),
    // What the browser shows beside the passkey when it offers it.
    userName: account.email ?? account.phone ?? account.miId,
    userDisplayName: account.email ?? account.phone ?? account.miId,
    attestationType: "none",
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    excludeCredentials: existing.map((row) => ({ id: row.id, transports: transportsOf(row.transports) })),
    supportedAlgorithmIDs: ALGORITHMS,
    timeout: TIMEOUT_MS,
  });
  await keepChallenge({ challenge: options.challenge, for: { purpose: "add", accountId: account.id, name }, now });
  return options;
}

export type NewPasskey = { ok: true; id: string; name: string } | { ok: false; reason: "expired" | "failed" | "known" };

/** Checks the browser's answer (its challenge used up) and keeps the new passkey under the name given. */
export async function saveNewPasskey({ accountId, response, now }: { accountId: string; response: PasskeyCreation; now: Date }): Promise<NewPasskey> {
  const rp = relyingParty();
  let challengeRow: Awaited<ReturnType<typeof spendChallenge>> = null;
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: async (challenge) => (challengeRow = await spendChallenge({ challenge, purpose: "add", accountId, now })) !== null,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    });
  } catch {
    // A malformed answer, another site's, one without user verification, or a challenge not (or no longer) ours.
    return { ok: false, reason: challengeRow ? "failed" : "expired" };
  }
  const row = challengeRow as { name: string | null } | null;
  if (!verified.verified || !row) return { ok: false, reason: "failed" };
  const { credential, credentialDeviceType, credentialBackedUp } = verified.registrationInfo;
  // The id the browser named is the one the authenticator signed for, and fits the column's index.
  if (credential.id !== response.id || credential.id.length > 1364 || credential.counter > MAX_COUNTER) return { ok: false, reason: "failed" };
  const name = row.name ?? "Passkey";
  const created = await db.passkey.createMany({
    data: [{
      id: credential.id,
      accountId,
      name,
      publicKey: Buffer.from(credential.publicKey).toString("base64url"),
      counter: credential.counter,
      transports: (credential.transports ?? []).join(" "),
      deviceType: credentialDeviceType,
      backedUp: credentialBackedUp,
      createdAt: now,
    }],
  }).catch((error: unknown) => {
    // The same credential id already kept (excludeCredentials should have stopped the browser): nothing new.
    if (uniqueViolationFields(error)) return { count: 0 };
    throw error;
  });
  if (created.count !== 1) return { ok: false, reason: "known" };
  return { ok: true, id: credential.id, name };
}

/** Deletes one of the account's passkeys, returning its name; null when it has no such passkey (already removed). */
export async function deletePasskey({ accountId, passkeyId }: { accountId: string; passkeyId: string }): Promise<{ name: string } | null> {
  const row = await db.passkey.findFirst({ where: { id: passkeyId, accountId }, select: { name: true } });
  if (!row) return null;
  const { count } = await db.passkey.deleteMany({ where: { id: passkeyId, accountId } });
  return count === 1 ? row : null;
}

// The ceremony that signs in.

/** Options for navigator.credentials.get(): any of this site's passkeys (none listed), user verified. */
export async function requestOptions({ now }: { now: Date }): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({ rpID: relyingParty().id, userVerification: "required", timeout: TIMEOUT_MS });
  await keepChallenge({ challenge: options.challenge, for: { purpose: "sign-in" }, now });
  return options;
}

export type PasskeyCheck =
  | { ok: true; accountId: string; synced: boolean }
  | { ok: false; reason: "expired" | "failed"; accountId?: string }
  | { ok: false; reason: "unknown" };

/**
 * Checks a sign-in answer. Its challenge first: read from the signed client data and used up, before anything is
 * looked up, so an answer without a live challenge of ours costs one delete and tells nothing (not even whether its
 * passkey exists). Then the passkey is known, its signature right, the user verified, and its counter moved on (an
 * authenticator that keeps one never goes back; a clone would). The counter is moved by a compare-and-set, and the
 * use recorded.
 */
export async function checkAssertion({ response, now }: { response: PasskeyAssertion; now: Date }): Promise<PasskeyCheck> {
  const challenge = challengeOf(response.response.clientDataJSON);
  if (!challenge || !(await spendChallenge({ challenge, purpose: "sign-in", now }))) return { ok: false, reason: "expired" };
  const passkey = await db.passkey.findUnique({ where: { id: response.id } });
  if (!passkey) return { ok: false, reason: "unknown" };
  const rp = relyingParty();
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      // Spent above; the library compares it with the client data's again.
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: { id: passkey.id, publicKey: Buffer.from(passkey.publicKey, "base64url"), counter: passkey.counter, transports: transportsOf(passkey.transports) },
      requireUserVerification: true,
    });
  } catch {
    return { ok: false, reason: "failed", accountId: passkey.accountId };
  }
  const { newCounter, credentialBackedUp } = verified.authenticationInfo;
  if (!verified.verified || newCounter > MAX_COUNTER) return { ok: false, reason: "failed", accountId: passkey.accountId };
  const moved = await db.passkey.updateMany({
    where: { id: passkey.id, counter: passkey.counter },
    data: { counter: newCounter, backedUp: credentialBackedUp, lastUsedAt: now },
  });
  if (moved.count !== 1) return { ok: false, reason: "failed", accountId: passkey.accountId };
  // Backup-eligible ("multiDevice"): a key that may leave the device, kept in software (amr swk), synced or not yet.
  return { ok: true, accountId: passkey.accountId, synced: passkey.deviceType === "multiDevice" || credentialBackedUp };
}

/** The challenge a browser's clientDataJSON carries, if it is readable at all. */
function challengeOf(clientDataJSON: string): string | null {
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8")) as { challenge?: unknown };
    return typeof data.challenge === "string" ? data.challenge : null;
  } catch {
    return null;
  }
}

function transportsOf(stored: string): AuthenticatorTransport[] {
  return stored ? (stored.split(" ") as AuthenticatorTransport[]) : [];
}
