import { clientNames } from "@/lib/server/oidc/clients";
import { getProvider } from "@/lib/server/oidc/provider";

// The sign-in page's "Sign in to continue to {app}" when it continues an app's request (/login?next=/authorize/
// <uid>). The provider's interaction cookie is scoped to /authorize/<uid>, so /login cannot prove this browser
// began the request (lib/server/oidc/interactions.ts findInteraction does): it reads the interaction by its uid
// alone and gives out nothing but the app's name, which is no secret (the consent page shows it to anyone the
// app sends there). Everything that acts on the request still goes through findInteraction.

const AUTHORIZE_PATH = /^\/authorize\/([A-Za-z0-9_-]{1,128})$/;

/** The name of the app whose open sign-in request `returnTo` continues, if it is one. */
export async function appNameForReturnPath(returnTo: string | undefined): Promise<string | null> {
  const uid = returnTo ? AUTHORIZE_PATH.exec(returnTo)?.[1] : undefined;
  if (!uid) return null;
  const provider = await getProvider();
  const interaction = await provider.Interaction.find(uid).catch(() => undefined);
  if (!interaction || interaction.result) return null;
  const clientId = String(interaction.params.client_id ?? "");
  if (!clientId) return null;
  return (await clientNames([clientId])).get(clientId) ?? null;
}
