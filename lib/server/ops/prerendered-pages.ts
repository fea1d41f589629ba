import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { constants, gzipSync } from "node:zlib";
import { countryFromAcceptLanguage } from "@/lib/shared/countries";
import { requestLocale, type Locale } from "@/lib/shared/i18n/locales";
import { securityHeaders } from "@/lib/server/security/headers";
import { requestCookies } from "@/lib/server/config/cookies";

// Prerendered pages: the pages that read the same for everyone who shares a language (and, where the form
// preselects one, a country/region) are rendered once per variant and then served as stored HTML, several times
// as fast as rendering each view (docs/BENCHMARKS.md, "Prerendered pages").
//
// A variant is rendered on its first request, through the portal itself (an HTTP request to this instance, so
// the page is exactly what a dynamic render gives), and kept in this process's memory: a copy that any instance
// can make again, not state that matters. Each instance has its own; a new build is a new process, so a stale
// copy cannot outlive its scripts. The portal's server (scripts/server.ts) asks prerenderedPageServer first, before
// Next.js: a stored page is sent as it is, gzipped once rather than per response, without Next.js's routing.
//
// Its Content-Security-Policy cannot carry a per-request nonce, since the same bytes go to everyone. The render's
// nonce attributes are taken out and each inline script (React's page data) is allowed by its SHA-256 hash
// instead; script files come from 'self' (lib/server/security/headers.ts, prerenderedPagePolicy).
//
// Anything that makes a view differ from the variant's copy makes it a dynamic render, as before: a query string,
// any cookie but the language's (a session, a registration draft, a trusted browser), Next.js's own navigation
// requests, a request body, and whatever the server adds (app/_lib/prerendered.ts: the database being away, the
// sign-in captcha an address has been asked for).

/** The pages served prerendered, and whether the page preselects a country/region (the variant then names it). */
export const PRERENDERED_PAGES: Readonly<Record<string, { byCountry: boolean }>> = {
  "/": { byCountry: false },
  // The country/region list's choice, and whether "offers and news" starts ticked there.
  "/register": { byCountry: true },
  // The calling code beside the phone field.
  "/login": { byCountry: true },
  "/forgot": { byCountry: true },
  "/help": { byCountry: false },
  "/privacy": { byCountry: false },
};

/** Request headers Next.js's client router sends for its own payloads (RSC), never a page's HTML. */
const ROUTER_HEADERS = ["rsc", "next-router-prefetch", "next-router-state-tree", "next-router-segment-prefetch", "next-action"] as const;

/**
 * Sent with the portal's own render of a variant, with a secret of this process's: the front door (security/front-door.ts) serves such a
 * request dynamically (never from or into the store) and tells the page it renders for everyone.
 */
export const PRERENDER_HEADER = "x-mi-prerender";
const secrets = globalThis as unknown as { miPrerenderSecret?: string };
/** On globalThis: the front door that checks it may be a separate bundle from the one that sent it. */
export const prerenderSecret = (secrets.miPrerenderSecret ??= randomBytes(18).toString("base64url"));

export type PrerenderedVariant = { key: string; path: string; locale: Locale; country: string | null };

export type PageRequest = {
  method: string;
  path: string;
  /** The URL's query, "" or starting with "?". */
  search: string;
  /** Every header, by lower-case name. */
  headers: Headers;
  /** The names of the cookies sent. */
  cookieNames: readonly string[];
  /** The language cookie's name (lib/server/config/cookies.ts): the one cookie a prerendered page may see. */
  languageCookie: string;
  /** The language the front door chose for this request. */
  locale: Locale;
};

/** Which stored variant serves this request, or null when it must be rendered for the person. */
export function prerenderedVariant(request: PageRequest): PrerenderedVariant | null {
  const page = Object.hasOwn(PRERENDERED_PAGES, request.path) ? PRERENDERED_PAGES[request.path] : undefined;
  if (!page || request.method !== "GET" || request.search !== "") return null;
  if (request.headers.has(PRERENDER_HEADER) || ROUTER_HEADERS.some((name) => request.headers.has(name))) return null;
  // A GET with a body: the front door's request checks answer it.
  if (request.headers.has("transfer-encoding") || (request.headers.get("content-length") ?? "0") !== "0") return null;
  if (request.cookieNames.some((name) => name !== request.languageCookie)) return null;
  const country = page.byCountry ? countryFromAcceptLanguage(request.headers.get("accept-language")) : null;
  return { key: `${request.path} ${request.locale} ${country ?? "-"}`, path: request.path, locale: request.locale, country };
}

/**
 * A variant as stored: the HTML without nonces, also gzipped (once, at level 9, rather than per response as
 * Next.js would), the hashes its inline scripts need, and the headers to send.
 */
export type PrerenderedPage = { html: Buffer; gzipped: Buffer; scriptHashes: string[]; contentType: string; vary: string | null; bytes: number };

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;

/** 'sha256-…' for each distinct inline script (one without src), as CSP level 3 matches them. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, attributes = "", body = ""] of html.matchAll(INLINE_SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes)) continue;
    hashes.add(`'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`);
  }
  return [...hashes];
}

/** Whether an Accept-Encoding header takes gzip (q=0 refuses it). */
export function acceptsGzip(acceptEncoding: string | null): boolean {
  return (acceptEncoding ?? "").split(",").some((part) => {
    const [coding = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    return (coding.trim() === "gzip" || coding.trim() === "*") && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/** The HTML with the render's nonce attributes taken out: a stored copy's policy names hashes, not that nonce. */
export function withoutNonce(html: string, nonce: string): string {
  return html.split(` nonce="${nonce}"`).join("");
}

/**
 * Renders a variant through this instance (`origin`: its own address) as a person with no cookies but the
 * language's would get it, or null when the answer is not one to keep for everyone (not a 200 page, a cookie set,
 * or no nonce to take out).
 */
export async function renderVariant({ origin, variant, languageCookie }: { origin: string; variant: PrerenderedVariant; languageCookie: string }): Promise<PrerenderedPage | null> {
  const headers: Record<string, string> = {
    cookie: `${languageCookie}=${variant.locale}`,
    [PRERENDER_HEADER]: prerenderSecret,
    "accept-encoding": "identity",
  };
  // The region subtag alone, so the page reads the country/region and nothing else from it.
  if (variant.country) headers["accept-language"] = `und-${variant.country}`;
  const response = await fetch(new URL(variant.path, origin), { headers, redirect: "manual", signal: AbortSignal.timeout(15_000) });
  const html = await response.text();
  const contentType = response.headers.get("content-type") ?? "";
  const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
  if (response.status !== 200 || response.headers.has("set-cookie") || !contentType.startsWith("text/html") || !nonce) return null;
  // React's page data still names the render's nonce (for elements it adds later); the stored copy's policy
  // honours no nonce, so that value opens nothing.
  const stored = withoutNonce(html, nonce);
  const plain = Buffer.from(stored, "utf8");
  const gzipped = gzipSync(plain, { level: constants.Z_BEST_COMPRESSION });
  return { html: plain, gzipped, scriptHashes: inlineScriptHashes(stored), contentType, vary: response.headers.get("vary"), bytes: plain.length + gzipped.length };
}

/** How long a variant whose render could not be kept is rendered per request before it is tried again. */
const RETRY_AFTER_MS = 30_000;

/**
 * The stored variants, least recently used dropped first beyond `maxBytes`; concurrent first requests for one
 * variant wait for one render. A render for the store costs a little more than a render per request (the HTTP
 * round trip, hashing, gzip -9), so at most `maxRenders` run at once: a client cycling through languages and
 * countries faster than the store keeps them gets pages rendered per request, at their usual price, instead.
 */
export class PrerenderedPages {
  private readonly pages = new Map<string, PrerenderedPage>();
  private readonly rendering = new Map<string, Promise<PrerenderedPage | null>>();
  private readonly failedAt = new Map<string, number>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxRenders = 2,
  ) {}

  /** The stored variant, rendered by `render` if need be; null: serve this request dynamically. */
  async get(key: string, render: () => Promise<PrerenderedPage | null>, now = Date.now()): Promise<PrerenderedPage | null> {
    const stored = this.pages.get(key);
    if (stored) {
      this.pages.delete(key);
      this.pages.set(key, stored); // most recently used last
      return stored;
    }
    const failed = this.failedAt.get(key);
    if (failed !== undefined && now - failed < RETRY_AFTER_MS) return null;
    let pending = this.rendering.get(key);
    if (!pending) {
      if (this.rendering.size >= this.maxRenders) return null;
      pending = render()
        .catch(() => null)
        .then((page) => {
          this.rendering.delete(key);
          if (page) this.keep(key, page);
          else this.failedAt.set(key, now);
          return page;
        });
      this.rendering.set(key, pending);
    }
    return pending;
  }

  get size(): number {
    return this.pages.size;
  }

  private keep(key: string, page: PrerenderedPage): void {
    this.failedAt.delete(key);
    if (page.bytes > this.maxBytes) return;
    this.pages.set(key, page);
    this.bytes += page.bytes;
    for (const [oldest, old] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(oldest);
      this.bytes -= old.bytes;
    }
  }
}

export type PrerenderedPageServerOptions = {
  pages: PrerenderedPages;
  /** This instance's own address, for rendering a variant. */
  origin: string;
  /** Whether the portal is served over https (APP_URL), for the security headers. */
  https: boolean;
  languageCookie: string;
  /** A last say over a request that has a variant: false renders it for the person. */
  mayServe: (request: { variant: PrerenderedVariant; headers: Headers }) => boolean | Promise<boolean>;
};

/**
 * A Node.js request handler that answers with a stored page when the request has one (resolving true), or leaves
 * the request untouched for Next.js (resolving false).
 */
export function prerenderedPageServer({ pages, origin, https, languageCookie, mayServe }: PrerenderedPageServerOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const [path = "", query] = (req.url ?? "").split(/\?(.*)/s);
    // Most requests (script files, form posts, other pages) are not a prerendered page's: said at once.
    if (req.method !== "GET" || !Object.hasOwn(PRERENDERED_PAGES, path)) return false;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    const cookies = requestCookies(headers.get("cookie"));
    const variant = prerenderedVariant({
      method: req.method,
      path,
      search: query === undefined ? "" : `?${query}`,
      headers,
      cookieNames: [...cookies.keys()],
      languageCookie,
      locale: requestLocale({ chosen: cookies.get(languageCookie), acceptLanguage: headers.get("accept-language") }),
    });
    if (!variant || !(await mayServe({ variant, headers }))) return false;
    const page = await pages.get(variant.key, () => renderVariant({ origin, variant, languageCookie }));
    if (!page) return false;
    const gzip = acceptsGzip(headers.get("accept-encoding"));
    const body = gzip ? page.gzipped : page.html;
    res.writeHead(200, {
      ...securityHeaders({ path, scriptHashes: page.scriptHashes, https }),
      "Content-Type": page.contentType,
      // As Next.js sends a page rendered per request: a browser asks again rather than keep a copy.
      "Cache-Control": "private, no-cache, no-store, max-age=0, must-revalidate",
      ...(page.vary ? { Vary: page.vary } : {}),
      ...(gzip ? { "Content-Encoding": "gzip" } : {}),
      "Content-Length": body.length,
    });
    res.end(body);
    return true;
  };
}
