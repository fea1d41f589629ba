import { NextResponse, type NextRequest } from "next/server";
import { isHttps } from "@/lib/server/config/env";
import { databaseLooksUp } from "@/lib/server/ops/database-status";
import { newNonce, securityHeaders } from "@/lib/server/security/headers";
import { PRERENDER_HEADER, prerenderSecret } from "@/lib/server/ops/prerendered-pages";
import { knownActionIds } from "@/lib/server/security/action-manifest";
import { refuseActionRequest, refuseHostileRequest, type HostileRequest } from "@/lib/server/security/request-guard";
import { unavailablePage } from "@/lib/server/ops/unavailable-page";
import { COOKIE, cookieOptions, LANGUAGE_COOKIE_MAX_AGE } from "@/lib/server/config/cookies";
import { isLocale, LOCALE_HEADER, LOCALE_PARAM, PATH_HEADER, requestLocale } from "@/lib/shared/i18n/locales";

// Every response gets the portal's security headers; pages also get a per-request CSP nonce. Next.js reads the
// nonce from the request's Content-Security-Policy header and puts it on its own scripts, which is why that
// header is set on the request as well as the response (the documented Next.js nonce pattern).
export async function proxy(request: NextRequest) {
  const nonce = newNonce();
  const headers = securityHeaders({
    path: request.nextUrl.pathname,
    nonce,
    https: isHttps,
    dev: process.env.NODE_ENV === "development",
  });

  const linked = request.nextUrl.searchParams.get(LOCALE_PARAM);
  const chosen = request.cookies.get(COOKIE.language)?.value;
  const locale = requestLocale({ linked, chosen, acceptLanguage: request.headers.get("accept-language") });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set(LOCALE_HEADER, locale);
  // The page's own path, for the footer's language links to come back to.
  const back = new URL(request.url);
  back.searchParams.delete(LOCALE_PARAM);
  requestHeaders.set(PATH_HEADER, `${back.pathname}${back.search}`);
  // Only the portal's own render of a prerendered page is told so (lib/server/ops/prerendered-pages.ts).
  if (request.headers.get(PRERENDER_HEADER) === prerenderSecret) requestHeaders.set(PRERENDER_HEADER, "1");
  else requestHeaders.delete(PRERENDER_HEADER);
  const csp = headers["Content-Security-Policy"];
  if (csp) requestHeaders.set("Content-Security-Policy", csp);
  else requestHeaders.delete("Content-Security-Policy");

  // While the database is away, pages and actions get a calm 503 at once instead of waiting and failing;
  // static files still load, and /healthz answers for itself.
  const path = request.nextUrl.pathname;
  const needsDatabase = !path.startsWith("/_next/") && !/\.[a-z0-9]+$/i.test(path) && path !== "/healthz";
  const hostile =
    refuseHostileRequest({
      method: request.method,
      rawPath: new URL(request.url).pathname,
      contentLength: request.headers.get("content-length"),
      transferEncoding: request.headers.get("transfer-encoding"),
    }) ?? (await malformedAction(request));
  const response = hostile
    ? new NextResponse(hostile.reason, { status: hostile.status, headers: { ...hostile.headers, "Content-Type": "text/plain; charset=utf-8", Connection: "close" } })
    : needsDatabase && !databaseLooksUp()
      ? new NextResponse(unavailablePage(locale), {
          status: 503,
          headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": "5", "Cache-Control": "no-store" },
        })
      : NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  if (isLocale(linked) && linked !== chosen) response.cookies.set(COOKIE.language, linked, { ...cookieOptions, maxAge: LANGUAGE_COOKIE_MAX_AGE });
  return response;
}

// Every path, static files included: a header missing from one response type is how gaps start.
export const config = { matcher: "/:path*" };

/**
 * A POST Next.js would take for a server action (a Next-Action header, or a multipart body) that is not one of the
 * portal's forms, or comes from another origin (lib/server/security/request-guard.ts): a 4xx here, not a 500 later.
 */
async function malformedAction(request: NextRequest): Promise<HostileRequest | null> {
  if (request.method !== "POST") return null;
  const type = request.headers.get("content-type") ?? "";
  const actionId = request.headers.get("next-action");
  const multipart = type.toLowerCase().startsWith("multipart/form-data");
  if (actionId === null && !multipart) return null;
  let fields: [string, string][] | null = null;
  let text: string | null = null;
  try {
    if (multipart) {
      const form = await request.clone().formData();
      fields = [...form.entries()].flatMap(([name, value]): [string, string][] => (typeof value === "string" ? [[name, value]] : []));
    } else {
      text = await request.clone().text();
    }
  } catch {
    return { status: 400, reason: "The form could not be read." };
  }
  return refuseActionRequest({
    actionId,
    fields,
    text,
    contentType: type,
    origin: request.headers.get("origin"),
    host: request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host"),
    knownActionIds: knownActionIds(),
  });
}
