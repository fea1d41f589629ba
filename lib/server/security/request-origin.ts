import "server-only";
// For route handlers that change state (server actions get Next.js's own Origin check): a request counts as
// this site's own only when the browser says so. Sec-Fetch-Site must not be "cross-site" or "same-site" (a
// sibling subdomain is another party), and an Origin, when sent, must be exactly APP_URL's, never "null".
// Requests with neither header (old browsers, curl) are let through: they cannot be forged by another site.
export function isForeignRequest(headers: { secFetchSite: string | null; origin: string | null }, appUrl: string): boolean {
  const site = headers.secFetchSite?.toLowerCase();
  if (site === "cross-site" || site === "same-site") return true;
  if (headers.origin === null) return false;
  return headers.origin !== new URL(appUrl).origin;
}

/**
 * For a GET that changes the signed-in account: only a request the browser says came from this site's own pages
 * (Sec-Fetch-Site: same-origin) or, from a browser without Fetch Metadata, whose Referer is this site. A link
 * followed from another site carries no Origin, so unlike isForeignRequest this fails closed.
 */
export function isFromOwnPages(headers: { secFetchSite: string | null; referer: string | null }, appUrl: string): boolean {
  const site = headers.secFetchSite?.toLowerCase();
  if (site) return site === "same-origin";
  if (!headers.referer) return false;
  try {
    return new URL(headers.referer).origin === new URL(appUrl).origin;
  } catch {
    return false;
  }
}
