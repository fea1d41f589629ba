import "server-only";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";

// The authenticator app method (TOTP, RFC 6238, otplib): 20-byte secrets, 6 digits, 30-second steps, SHA-1, what
// every authenticator app reads from an otpauth:// QR code. A code is accepted one step either side of now (phones'
// clocks drift), and once: the step it matched is kept (AuthenticatorApp.lastTimeStep), and no code of that step or
// an earlier one is accepted again, so a code seen over a shoulder or in a proxy's log is worth nothing.

export const TOTP_STEP_SECONDS = 30;
/** How many steps either side of now a code may come from. */
const DRIFT_STEPS = 1;
const ISSUER = "Mi Account";

/** A new secret, base32 (what the QR code carries and the page shows for typing in by hand). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app reads: issuer "Mi Account", labelled with the account's Mi Account ID. */
export function otpauthUri({ secret, label }: { secret: string; label: string }): string {
  return generateURI({ issuer: ISSUER, label, secret, period: TOTP_STEP_SECONDS });
}

/** The URI as an SVG QR code, drawn on the server (no script on the page, and the secret never leaves it). */
export function qrCodeSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/** The secret in groups of four, as the page shows it for typing into an app by hand. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})/g, "$1 ").trim();
}

/**
 * The time step `code` belongs to when it is the secret's code within a step of `now` and of a later step than
 * `after` (the last one accepted); else null.
 */
export async function matchTotp({ secret, code, now, after }: { secret: string; code: string; now: Date; after?: number | null }): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    period: TOTP_STEP_SECONDS,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: DRIFT_STEPS * TOTP_STEP_SECONDS,
    ...(after === null || after === undefined ? {} : { afterTimeStep: after }),
  });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}
