import "server-only";
import { z } from "zod";

// The shapes a browser's answer to a WebAuthn ceremony may have (@simplewebauthn/browser's startRegistration and
// startAuthentication results), bounded, so that nothing larger than a real authenticator's answer reaches the
// parsers of @simplewebauthn/server. Anything else is refused as "that didn't work", never a 500.

const base64url = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9_-]+={0,2}$/);

const common = {
  // A credential id is at most 1023 bytes (WebAuthn §5.8.3): 1364 base64url characters.
  id: base64url(1364),
  rawId: base64url(1364),
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
};

export const passkeyCreation = z.object({
  ...common,
  response: z.object({
    clientDataJSON: base64url(4096),
    // With attestation "none" there is no certificate chain: a key and its flags.
    attestationObject: base64url(8192),
    authenticatorData: base64url(8192).optional(),
    transports: z.array(z.string().max(32)).max(8).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(2048).optional(),
  }),
});

export const passkeyAssertion = z.object({
  ...common,
  response: z.object({
    clientDataJSON: base64url(4096),
    authenticatorData: base64url(4096),
    signature: base64url(2048),
    userHandle: base64url(128).optional(),
  }),
});

export type PasskeyCreation = z.infer<typeof passkeyCreation>;
export type PasskeyAssertion = z.infer<typeof passkeyAssertion>;

/** The browser's answer as the page's script sends it (JSON in a form field); undefined when it is not JSON. */
export function readCeremonyAnswer(text: string | undefined): unknown {
  if (!text || text.length > 32 * 1024) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A passkey's name as the person types it: trimmed, 1 to 50 characters, none of them a control character (NUL
 * included, which PostgreSQL refuses), a lone surrogate, or a direction override (the name is shown in the owner's
 * notice mail, where "\u202e" could make it read as something else).
 */
export const passkeyName = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .refine((name) => name.isWellFormed() && !/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u.test(name));
