import { getCurrentAccount } from "@/app/_lib/current-account";
import { readCookie, writeCookie } from "@/app/_lib/request";
import { COOKIE } from "@/lib/server/config/cookies";
import { beginSecondStep } from "@/lib/server/flows/login/second-step";
import { hasAuthenticatorApp } from "@/lib/server/methods/authenticator-app/app";
import { OIDC_INTERACTION_COOKIE, finishLogin, findInteraction, refuseUnmetTwoStep } from "@/lib/server/oidc/interactions";
import { continueTo } from "../_lib/continue-page";

// Where the OpenID Provider sends the browser when an app's sign-in request needs the person (lib/server/oidc/
// interactions.ts): sign in on the portal's own page and come back here, or, signed in, go on to consent.

/** Reasons an app gives for wanting a sign-in made after its request began, not an older session. */
const FRESH_SIGN_IN = new Set(["login_prompt", "max_age"]);

const seeOther = (location: string) => new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });

export async function GET(request: Request, { params }: { params: Promise<{ uid: string }> }) {
  // Next asks for an address with an `RSC` header when its router goes there (after the sign-in form's action, it
  // even asks ahead from the server, without this browser's interaction cookie). This route acts, once: such a
  // request gets an empty answer, which makes the browser load the address as a document, and only that load acts.
  if (request.headers.get("rsc")) return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  const { uid } = await params;
  const interaction = await findInteraction({ uid, cookieUid: await readCookie(OIDC_INTERACTION_COOKIE) });
  if (!interaction) return seeOther("/authorize/expired");
  const here = `/authorize/${encodeURIComponent(uid)}`;
  const account = await getCurrentAccount();
  const freshEnough = account !== null && (!interaction.reasons.some((reason) => FRESH_SIGN_IN.has(reason)) || account.signedInAt.getTime() >= interaction.startedAt * 1000);
  if (!account || !freshEnough) return seeOther(`/login?next=${encodeURIComponent(here)}`);
  // Signed in, as someone else than the consent was asked of (they switched accounts meanwhile): sign in again as
  // this one, and the provider asks this account's consent.
  if (interaction.step === "login" || interaction.accountId !== account.id) {
    // The app asks for two-step (acr_values), and this session was signed in with one step: the second step, then
    // back here; or, for an account without two-step, the app is told its requirement cannot be met.
    if (interaction.wantsTwoStep && !account.amr.includes("mfa")) {
      if (!(await hasAuthenticatorApp(account.id))) {
        const refused = await refuseUnmetTwoStep({ uid });
        return refused ? continueTo({ location: refused, app: interaction.appName }) : seeOther("/authorize/expired");
      }
      const firstStep = account.amr.includes("sms") ? "sms-code" : "password";
      const secondStep = await beginSecondStep({ accountId: account.id, firstStep, now: new Date() });
      await writeCookie(COOKIE.secondStep, secondStep.token, { expires: secondStep.expiresAt });
      return seeOther(`/login/two-step?next=${encodeURIComponent(here)}`);
    }
    const next = await finishLogin({ uid, accountId: account.id, authTime: Math.floor(account.signedInAt.getTime() / 1000), amr: account.amr });
    // The provider may answer with the app's redirect URI at once (consent given before): after the sign-in form
    // without JavaScript, that must be a navigation of its own (continue-page.ts).
    return next ? continueTo({ location: next, app: interaction.appName }) : seeOther("/authorize/expired");
  }
  return seeOther(`${here}/consent`);
}
