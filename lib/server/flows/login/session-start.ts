import "server-only";
import { toLocale, type Locale } from "@/lib/shared/i18n/locales";
import { browserLabel } from "@/lib/server/identity/browser-label";
import { inOneTransaction } from "@/lib/server/db/sql";
import { createSession, deleteSession, type AuthenticationMethod } from "@/lib/server/identity/sessions";
import { trustDevice } from "@/lib/server/identity/trusted-devices";
import { afterCommit } from "../after-commit";
import type { RequestContext } from "../context";
import { resetSignInThrottle, type Reservation } from "./throttle";

// The end of every successful sign-in, by password, a code sent by text message or a passkey: the same new session,
// the same trusted browser, the same audit row, so one way of signing in gives nothing another does not. The
// attempt's reservation is taken back, the session and the trusted browser written, in one transaction: one
// commit instead of four, and on PostgreSQL the four statements in one round trip, where they were the largest
// share of a sign-in's database work after bcrypt (docs/BENCHMARKS.md).

/** What the signing-in browser brings along. */
export type BrowserSigningIn = {
  /** This browser's trusted-device cookie, if any (trusted-devices.ts). */
  deviceToken?: string;
  /** For the session list on the account page. */
  userAgent?: string | null;
  /** The session this browser held before, if any: ended, as every sign-in starts a new session id. */
  previousSessionToken?: string;
};

export type StartedSession = { token: string; expiresAt: Date; device: { token: string; expiresAt: Date } | null; locale: Locale };

/** How the first step of a sign-in was passed. */
export type FirstStep = "password" | "sms-code";
/** A passkey is both steps at once (user verification is required): kept on one device, or synced. */
export type PasskeySignIn = { passkey: "device-bound" | "synced" };
/** How the second was, for an account with two-step verification on (second-step.ts). */
export type SecondStepMethod = "totp" | "recovery-code";

/** The session's amr (RFC 8176) and the audit row's outcome, for each way of signing in. */
function signInWay(method: FirstStep | PasskeySignIn, secondStep?: SecondStepMethod): { amr: AuthenticationMethod[]; outcome: string } {
  if (typeof method === "object") return { amr: [method.passkey === "synced" ? "swk" : "hwk", "mfa"], outcome: "ok-passkey" };
  return {
    amr: [method === "password" ? "pwd" : "sms", ...(secondStep ? (["otp", "mfa"] as const) : [])],
    outcome: `${method === "password" ? "ok" : "ok-code"}${secondStep ? `+${secondStep}` : ""}`,
  };
}

export async function startSession(
  {
    account,
    browser,
    method,
    secondStep,
    reservation,
  }: {
    account: { id: string; locale: string };
    browser: BrowserSigningIn;
    method: FirstStep | PasskeySignIn;
    secondStep?: SecondStepMethod;
    /** The attempt counted before its password or code was checked (throttle.ts), taken back now it was right. */
    reservation?: Reservation;
  },
  context: RequestContext,
): Promise<StartedSession> {
  const { now, ipGroup } = context;
  await deleteSession(browser.previousSessionToken);
  const { amr, outcome } = signInWay(method, secondStep);
  // Sent together, so that on PostgreSQL they travel in one round trip (prepared-statements.ts).
  const [, session, device] = await inOneTransaction((tx) =>
    Promise.all([
      reservation && resetSignInThrottle(reservation, tx),
      createSession({ accountId: account.id, browser: browserLabel(browser.userAgent), ipGroup, amr, now, within: tx }),
      trustDevice({ accountId: account.id, currentToken: browser.deviceToken, now, within: tx }),
    ]),
  );
  await afterCommit(context, {
    audit: [{ event: "sign_in", outcome, accountId: account.id, by: "owner" }],
    log: { event: "sign-in.succeeded", fields: { accountId: account.id, method: typeof method === "object" ? "passkey" : method, ...(secondStep ? { secondStep } : {}) } },
  });
  return { ...session, device, locale: toLocale(account.locale) };
}
