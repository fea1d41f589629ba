import "server-only";
import { db } from "@/lib/server/db/client";
import type { AuthenticationMethod } from "@/lib/server/identity/sessions";

/**
 * The authentication context classes the provider reports (the ID token's acr) and an app may ask for with
 * acr_values: a sign-in with one step (a password, or a code by text message), or with two (then an authenticator
 * app's code or a recovery code, or a passkey, which is both at once). Asked for two-step, the provider has the
 * person take a second step, or answers unmet_authentication_requirements when the account has none
 * (lib/server/oidc/provider.ts, app/authorize/).
 */
export const ACR = { oneStep: "urn:mi:acr:one-step", twoStep: "urn:mi:acr:two-step" } as const;

/** The acr of a sign-in made by `amr` (the session's, RFC 8176). */
export function acrOf(amr: readonly AuthenticationMethod[]): string {
  return amr.includes("mfa") ? ACR.twoStep : ACR.oneStep;
}

/** Whether an app's acr_values (space-separated, in order of preference) ask for two-step. */
export function asksTwoStep(acrValues: unknown): boolean {
  return typeof acrValues === "string" && acrValues.split(" ").includes(ACR.twoStep) && !acrValues.split(" ").includes(ACR.oneStep);
}

// What an app learns of a person, by the scopes it was given (lib/server/oidc/provider.ts maps scopes to claims).
// `sub` is public, not pairwise: the account's opaque internal id, the same for every app. It never changes and is
// never reused, and it is not the Mi Account ID (which a person reads out and may share) nor an email or phone
// number (which change). Pairwise identifiers would stop apps correlating people by `sub`, but the `profile` scope
// gives them the Mi Account ID anyway, and the apps here (the My Account app, the shop) are the portal's own.

export type AccountClaims = {
  sub: string;
  mi_id: string;
  /** A Mi Account has no separate display name yet: it is shown by its Mi Account ID, as the real one is by default. */
  name: string;
  locale: string;
  email?: string;
  email_verified?: boolean;
  phone_number?: string;
  phone_number_verified?: boolean;
};

/** The claims of an active account, or null (unknown, pending or deleted: the provider then refuses the token). */
export async function accountClaims(accountId: string): Promise<AccountClaims | null> {
  const account = await db.account.findUnique({ where: { id: accountId }, select: { id: true, miId: true, email: true, phone: true, locale: true, status: true } });
  if (!account || account.status !== "active") return null;
  return {
    sub: account.id,
    mi_id: account.miId,
    name: account.miId,
    locale: account.locale,
    // Both are proven before they are stored: an email by its activation link or binding link, a phone by its code.
    ...(account.email ? { email: account.email, email_verified: true } : {}),
    ...(account.phone ? { phone_number: account.phone, phone_number_verified: true } : {}),
  };
}
