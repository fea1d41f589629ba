import "server-only";
import type { InteractionResults } from "oidc-provider";
import type { AuthenticationMethod } from "@/lib/server/identity/sessions";
import { acrOf, asksTwoStep } from "./claims";
import { clientNames } from "./clients";
import { OIDC_COOKIES } from "./cookie-names";
import { getProvider } from "./provider";

// The portal's side of an app's sign-in request. The provider stops at an "interaction" (a sign-in is needed, or
// consent) and sends the browser to /authorize/<uid>; the portal's pages do the sign-in and ask for consent, then
// record the outcome on the interaction and send the browser back to the provider's `returnTo`, which finishes
// the request. These are oidc-provider's interactionDetails / interactionResult, done on the interaction's stored
// row (the portal's pages are Next.js, which has no Node request to give the provider).

/** What the page shows: which step, for which app and account, asking for what. */
export type Interaction = {
  uid: string;
  step: "login" | "consent";
  /** Why a sign-in is asked for (oidc-provider's reasons: no_session, login_prompt, max_age, portal_session, …). */
  reasons: string[];
  clientId: string;
  appName: string;
  /** The scopes to consent to (the ones not granted before), in the order the catalogue lists them. */
  scopes: string[];
  /** The account the provider's session is for, at the consent step. */
  accountId: string | null;
  /** When the app's request began (epoch seconds): a sign-in it forces (prompt=login) must be newer. */
  startedAt: number;
  /** The app asked for a sign-in with two-step verification (acr_values, claims.ts). */
  wantsTwoStep: boolean;
};

/** The provider's interaction cookie, which the browser that began the request has (path /authorize/<uid>). */
export const OIDC_INTERACTION_COOKIE = OIDC_COOKIES.interaction;

const SCOPE_ORDER = ["openid", "profile", "email", "phone", "offline_access"];

/**
 * The interaction of this uid, if it is still open and this browser started it: its `cookieUid` (the provider's
 * interaction cookie, set on the browser it redirected here) must name it, so a link to someone else's
 * authorization request is worth nothing in another browser.
 */
export async function findInteraction({ uid, cookieUid }: { uid: string; cookieUid: string | undefined }): Promise<Interaction | null> {
  if (!uid || cookieUid !== uid) return null;
  const provider = await getProvider();
  const interaction = await provider.Interaction.find(uid);
  if (!interaction || interaction.result) return null;
  const clientId = String(interaction.params.client_id ?? "");
  const step = interaction.prompt.name === "login" ? "login" : interaction.prompt.name === "consent" ? "consent" : null;
  if (!step || !clientId) return null;
  const details = interaction.prompt.details as { missingOIDCScope?: string[] };
  const scopes = (details.missingOIDCScope ?? []).filter((scope) => SCOPE_ORDER.includes(scope)).sort((a, b) => SCOPE_ORDER.indexOf(a) - SCOPE_ORDER.indexOf(b));
  const names = await clientNames([clientId]);
  return {
    uid,
    step,
    reasons: interaction.prompt.reasons,
    clientId,
    appName: names.get(clientId) ?? clientId,
    scopes,
    accountId: interaction.session?.accountId ?? null,
    startedAt: interaction.iat,
    wantsTwoStep: asksTwoStep(interaction.params.acr_values),
  };
}

/** Records the outcome on the interaction and returns where the browser goes next (the provider, to finish). */
async function finish(uid: string, result: InteractionResults): Promise<string | null> {
  const provider = await getProvider();
  const interaction = await provider.Interaction.find(uid);
  if (!interaction || interaction.result) return null;
  interaction.result = result;
  await interaction.save(Math.max(1, interaction.exp - Math.floor(Date.now() / 1000)));
  return interaction.returnTo;
}

/** The person is signed in to the portal (since `authTime`, epoch seconds) as `accountId`, by `amr`. */
export async function finishLogin({ uid, accountId, authTime, amr }: { uid: string; accountId: string; authTime: number; amr: AuthenticationMethod[] }): Promise<string | null> {
  return finish(uid, { login: { accountId, ts: authTime, amr: [...amr], acr: acrOf(amr) } });
}

/** The app asked for two-step, and the account has none: the app is told so (OpenID Connect Core §3.1.2.6). */
export async function refuseUnmetTwoStep({ uid }: { uid: string }): Promise<string | null> {
  return finish(uid, { error: "unmet_authentication_requirements", error_description: "The account does not use two-step verification" });
}

/**
 * The person allowed the app what it asked for: the scopes are added to the account's grant for this app (made if
 * there is none), which the provider then finds for later requests too (lib/server/oidc/provider.ts).
 */
export async function finishConsent({ uid, accountId }: { uid: string; accountId: string }): Promise<string | null> {
  const provider = await getProvider();
  const interaction = await provider.Interaction.find(uid);
  if (!interaction || interaction.result || interaction.prompt.name !== "consent" || interaction.session?.accountId !== accountId) return null;
  const clientId = String(interaction.params.client_id);
  const grant = (interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined) ?? new provider.Grant({ accountId, clientId });
  const details = interaction.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(" "));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(" "));
  const grantId = await grant.save();
  return finish(uid, { consent: { grantId } });
}

/** The person said no, or chose to sign in as someone else: the app is told access_denied. */
export async function denyInteraction({ uid }: { uid: string }): Promise<string | null> {
  return finish(uid, { error: "access_denied", error_description: "The person did not allow the request" });
}

/**
 * The name of the app whose open request `uid` is, for the sign-in page's "Sign in to continue to {app}": that page
 * is not under /authorize/<uid>, so it cannot show the interaction cookie, and it learns nothing else (an app's
 * name is no secret: the consent page shows it to anyone the app sends there). What acts on the request still
 * goes through findInteraction.
 */
export async function interactionAppName({ uid }: { uid: string }): Promise<string | null> {
  const provider = await getProvider();
  const interaction = await provider.Interaction.find(uid).catch(() => undefined);
  if (!interaction || interaction.result) return null;
  const clientId = String(interaction.params.client_id ?? "");
  if (!clientId) return null;
  return (await clientNames([clientId])).get(clientId) ?? null;
}
