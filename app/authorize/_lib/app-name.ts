import { interactionAppName } from "@/lib/server/oidc/interactions";

// The sign-in page's "Sign in to continue to {app}" when it continues an app's request (/login?next=/authorize/<uid>).

const AUTHORIZE_PATH = /^\/authorize\/([A-Za-z0-9_-]{1,128})$/;

/** The name of the app whose open sign-in request `returnTo` continues, if it is one. */
export async function appNameForReturnPath(returnTo: string | undefined): Promise<string | null> {
  const uid = returnTo ? AUTHORIZE_PATH.exec(returnTo)?.[1] : undefined;
  return uid ? interactionAppName({ uid }) : null;
}
