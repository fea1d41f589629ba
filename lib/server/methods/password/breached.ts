import "server-only";
import { createHash } from "node:crypto";
import { env } from "@/lib/server/config/env";
import { errorSummary, log } from "@/lib/server/log";

/**
 * Long enough for the range API's usual answer (tens of milliseconds, from a CDN), short enough that a form never
 * hangs on it: past this the check gives up and the local common-password list alone decides.
 */
export const BREACH_CHECK_TIMEOUT_MS = 2_000;

type Options = {
  /** The range API's base URL; null: the check is off. Defaults to PWNED_PASSWORDS_URL. */
  source?: string | null;
  timeoutMs?: number;
};

/**
 * Whether a new password appears in the Pwned Passwords corpus of breached passwords, asked by k-anonymity: only
 * the first 5 hex digits of its SHA-1 leave the server, and the padded answer (hundreds of suffixes, padded to
 * a similar size whatever the prefix) does not tell an onlooker which suffix was wanted.
 *
 * Fails open: when the API cannot be reached or answers badly, the password is not refused for it (the local
 * common-password list still is, in lib/server/validation/password.ts), and one line is logged. A person is
 * never stopped from registering because a third party is down.
 */
export async function isBreachedPassword(password: string, { source = env.PWNED_PASSWORDS_URL, timeoutMs = BREACH_CHECK_TIMEOUT_MS }: Options = {}): Promise<boolean> {
  if (!source) return false;
  const hash = createHash("sha1").update(password, "utf8").digest("hex").toUpperCase();
  const prefix = hash.slice(0, 5);
  const suffix = hash.slice(5);
  try {
    const response = await fetch(`${source}/range/${prefix}`, {
      headers: { "Add-Padding": "true", "User-Agent": "mi-account-portal" },
      signal: AbortSignal.timeout(timeoutMs),
      cache: "no-store",
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return rangeHasSuffix(await response.text(), suffix);
  } catch (error) {
    log.warn("breached_password_check_unavailable", { reason: errorSummary(error) });
    return false;
  }
}

/** Reads the range answer's "SUFFIX:COUNT" lines; padding entries have a count of 0 and are not breaches. */
function rangeHasSuffix(body: string, suffix: string): boolean {
  for (const line of body.split(/\r?\n/)) {
    const [candidate, count] = line.trim().split(":");
    if (candidate?.toUpperCase() === suffix) return Number(count) > 0;
  }
  return false;
}
