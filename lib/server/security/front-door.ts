import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { isHttps } from "@/lib/server/config/env";
import { COOKIE, languageCookie, requestCookies } from "@/lib/server/config/cookies";
import { databaseLooksUp } from "@/lib/server/ops/database-status";
import { PRERENDER_HEADER, prerenderSecret } from "@/lib/server/ops/prerendered-pages";
import { unavailablePage } from "@/lib/server/ops/unavailable-page";
import { isLocale, LOCALE_HEADER, LOCALE_PARAM, PATH_HEADER, requestLocale } from "@/lib/shared/i18n/locales";
import { knownActionIds } from "./action-manifest";
import { newNonce, securityHeaders } from "./headers";
import { postOrigin, readBody, requestHeader } from "./node-request";
import { BODY_TOO_BIG, refuseActionRequest, refuseHostileRequest, type HostileRequest } from "./request-guard";

// What every request meets before Next.js routes it (the portal's server, scripts/server.ts, calls this first;
// instrumentation.ts registers it): the security headers on every response, a per-request CSP nonce for pages,
// the language chosen once, a calm 503 while the database is away, and hostile requests refused with a 4xx.
//
// This was a Next.js proxy (middleware) until measured: Next.js's proxy machinery (a Request and a URL object per
// request, the body copied for the proxy, its headers encoded and decoded again) cost about 1.4 ms of CPU per
// request, a third of a sign-in's CPU outside bcrypt, whatever the proxy itself did. Here the same decisions cost
// a few hundredths of a millisecond. Next.js reads the nonce from the request's Content-Security-Policy header,
// which is why that header is set on the request as well as the response (its documented nonce pattern); headers
// set here stay on the response, and a route handler's own only where none was set (send-response.js), as with
// a proxy.

/** Resolves true when it answered the request itself (a refusal, the 503), false when Next.js should. */
export async function frontDoor(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://front.door");
  const path = url.pathname;
  const nonce = newNonce();
  const headers = securityHeaders({ path, nonce, https: isHttps, dev: process.env.NODE_ENV === "development" });

  const linked = url.searchParams.get(LOCALE_PARAM);
  const chosen = requestCookies(req.headers.cookie).get(COOKIE.language);
  const locale = requestLocale({ linked, chosen, acceptLanguage: requestHeader(req, "accept-language") });

  req.headers["x-nonce"] = nonce;
  req.headers[LOCALE_HEADER] = locale;
  // The page's own path, for the footer's language links to come back to.
  url.searchParams.delete(LOCALE_PARAM);
  req.headers[PATH_HEADER] = `${url.pathname}${url.search}`;
  // Only the portal's own render of a prerendered page is told so (lib/server/ops/prerendered-pages.ts).
  if (requestHeader(req, PRERENDER_HEADER) === prerenderSecret) req.headers[PRERENDER_HEADER] = "1";
  else delete req.headers[PRERENDER_HEADER];
  const csp = headers["Content-Security-Policy"];
  if (csp) req.headers["content-security-policy"] = csp;
  else delete req.headers["content-security-policy"];

  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (isLocale(linked) && linked !== chosen) res.appendHeader("Set-Cookie", languageCookie(linked));

  const hostile =
    refuseHostileRequest({ method: req.method ?? "GET", rawPath: path, contentLength: requestHeader(req, "content-length"), transferEncoding: requestHeader(req, "transfer-encoding") }) ??
    (await malformedAction(req));
  if (hostile) {
    res.writeHead(hostile.status, { ...hostile.headers, "Content-Type": "text/plain; charset=utf-8", Connection: "close" });
    res.end(hostile.reason);
    return true;
  }
  // While the database is away, pages and actions get a calm 503 at once instead of waiting and failing;
  // static files still load, and /healthz answers for itself.
  const needsDatabase = !path.startsWith("/_next/") && !/\.[a-z0-9]+$/i.test(path) && path !== "/healthz";
  if (needsDatabase && !databaseLooksUp()) {
    res.writeHead(503, { "Content-Type": "text/html; charset=utf-8", "Retry-After": "5", "Cache-Control": "no-store" });
    res.end(unavailablePage(locale));
    return true;
  }
  return false;
}

/**
 * A POST Next.js would take for a server action (a Next-Action header, or a multipart body) that is not one of the
 * portal's forms, or comes from another origin (request-guard.ts): a 4xx here, not a 500 later. The body is read
 * here and given back to the request for Next.js to read as if untouched.
 */
async function malformedAction(req: IncomingMessage): Promise<HostileRequest | null> {
  if (req.method !== "POST") return null;
  const type = requestHeader(req, "content-type") ?? "";
  const actionId = requestHeader(req, "next-action");
  const multipart = type.toLowerCase().startsWith("multipart/form-data");
  if (actionId === null && !multipart) return null;
  let fields: [string, string][] | null = null;
  let text: string | null = null;
  try {
    const body = await readBody(req);
    if (body === null) return BODY_TOO_BIG;
    giveBack(req, body);
    if (multipart) {
      const form = await new Request("http://front.door/", { method: "POST", headers: { "content-type": type }, body: new Uint8Array(body) }).formData();
      fields = [...form.entries()].flatMap(([name, value]): [string, string][] => (typeof value === "string" ? [[name, value]] : []));
    } else {
      text = body.toString("utf8");
    }
  } catch {
    return { status: 400, reason: "The form could not be read." };
  }
  return refuseActionRequest({
    actionId,
    fields,
    text,
    contentType: type,
    ...postOrigin(req),
    knownActionIds: knownActionIds(),
  });
}

/**
 * Makes `req` readable again, from `body`: the way Next.js gives a request its body back after its own proxy has
 * read it (replaceRequestBody, next/dist/server/body-streams.js): the request takes on a fresh stream's state and
 * methods, so whoever reads it next reads `body` from the start.
 */
function giveBack(req: IncomingMessage, body: Buffer): void {
  // Its data and its end are queued at once, so it is a finished body from the start.
  const fresh = new Readable({ read() {} });
  fresh.push(body);
  fresh.push(null);
  const target = req as unknown as Record<string, unknown>;
  for (const key in fresh) {
    const value = (fresh as unknown as Record<string, unknown>)[key];
    target[key] = typeof value === "function" ? value.bind(req) : value;
  }
}
