import { getCurrentAccount } from "@/app/_lib/current-account";
import { readCookie } from "@/app/_lib/request";
import { OIDC_INTERACTION_COOKIE, denyInteraction, finishConsent, findInteraction } from "@/lib/server/oidc/interactions";
import { continueTo } from "../../_lib/continue-page";

// The consent page's form (a plain POST: it works without JavaScript, and the answer takes the browser back to
// the provider as a document, which a script-driven submit could not). Cross-site posts carry no session cookie
// (SameSite=Lax) and fail the front door's origin check, so nobody can consent for the person.

const seeOther = (location: string) => new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });

export async function POST(request: Request, { params }: { params: Promise<{ uid: string }> }) {
  const { uid } = await params;
  const here = `/authorize/${encodeURIComponent(uid)}`;
  const interaction = await findInteraction({ uid, cookieUid: await readCookie(OIDC_INTERACTION_COOKIE) });
  if (!interaction || interaction.step !== "consent") return seeOther("/authorize/expired");
  const account = await getCurrentAccount();
  // Signed out (or switched accounts) in another tab since the page was shown: back through the sign-in.
  if (!account || account.id !== interaction.accountId) return seeOther(here);
  const form = await request.formData().catch(() => null);
  const decision = form?.get("decision");
  const next = decision === "allow" ? await finishConsent({ uid, accountId: account.id }) : await denyInteraction({ uid });
  // On to the provider, which sends the browser to the app: a navigation of its own, not this form's (continue-page.ts).
  return next ? continueTo({ location: next, app: interaction.appName }) : seeOther("/authorize/expired");
}
