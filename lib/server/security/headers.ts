import "server-only";
// The response headers every route gets, as plain functions so they are unit-tested without Next.js.
// The front door (front-door.ts) calls them once per request with a fresh nonce.

/** Browser features the portal never uses; denying them limits what injected content could reach. */
const DENIED_FEATURES = [
  "accelerometer",
  "autoplay",
  "browsing-topics",
  "camera",
  "display-capture",
  "encrypted-media",
  "geolocation",
  "gyroscope",
  "hid",
  "interest-cohort",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
] as const;

/** Passkeys (WebAuthn): on the portal's own pages only, never from a frame of another site. */
const OWN_PAGES_FEATURES = ["publickey-credentials-create", "publickey-credentials-get"] as const;

export const PERMISSIONS_POLICY = [...DENIED_FEATURES.map((feature) => `${feature}=()`), ...OWN_PAGES_FEATURES.map((feature) => `${feature}=(self)`)].join(", ");

/** One year, as ASVS V14.4.5 asks; subdomains included so a sibling host cannot be reached over http. */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

export const REFERRER_POLICY = "strict-origin-when-cross-origin";

// Routes that put a secret in their URL: the secret must never travel in a Referer header.
const NO_REFERRER_PATHS = new Set(["/activate", "/reset"]);

/**
 * Route handlers that answer with their own, stricter Content-Security-Policy (the captcha SVG and the
 * sandboxed email HTML). Next.js keeps a header the front door has set over the one a route handler returns, so
 * the front door must leave CSP unset on these paths for the route's own policy to reach the browser.
 */
export function routeSetsOwnCsp(path: string): boolean {
  return path === "/captcha" || /^\/dev\/mail\/[^/]+$/.test(path);
}

/** 128 random bits, base64: unguessable and fresh for every response, as a CSP nonce must be. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export type CspOptions = {
  /** `next dev` needs eval for React's debugging aids; production never does. */
  dev?: boolean;
  /** Over https, any stray http:// subresource is upgraded rather than loaded in the clear. */
  https?: boolean;
};

/** The page policy: only this origin's scripts that carry the nonce (and what they load) may run. */
export function contentSecurityPolicy(nonce: string, options: CspOptions = {}): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error("A CSP nonce must be at least 16 base64 characters");
  return pagePolicy(`'self' 'nonce-${nonce}' 'strict-dynamic'`, options);
}

/**
 * A prerendered page's policy (lib/server/ops/prerendered-pages.ts): the same bytes go to everyone, so no nonce;
 * its inline scripts run by their hashes, script files only from this origin ('strict-dynamic' would ignore
 * 'self'), and nothing else: no 'unsafe-inline'.
 */
export function prerenderedPagePolicy(scriptHashes: readonly string[], options: CspOptions = {}): string {
  if (!scriptHashes.every((hash) => /^'sha256-[A-Za-z0-9+/]{43}='$/.test(hash))) throw new Error("Script hashes must be 'sha256-…' sources");
  return pagePolicy(["'self'", ...scriptHashes].join(" "), options);
}

function pagePolicy(scriptSources: string, { dev = false, https = false }: CspOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src ${scriptSources}${dev ? " 'unsafe-eval'" : ""}`,
    // React renders `style` attributes, which a nonce cannot cover; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

export type SecurityHeaderOptions = {
  /** The request's pathname, e.g. "/register". */
  path: string;
  /** Whether the portal is served over https (APP_URL). */
  https: boolean;
  dev?: boolean;
} & (
  | /** The nonce for this response's CSP. */ { nonce: string }
  | /** A prerendered page's inline scripts, by hash (prerenderedPagePolicy). */ { scriptHashes: readonly string[] }
);

/** Every security header for one response, by name. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const { path, https, dev = false } = options;
  const headers: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": NO_REFERRER_PATHS.has(path) ? "no-referrer" : REFERRER_POLICY,
    "Permissions-Policy": PERMISSIONS_POLICY,
    // For browsers without CSP level 2's frame-ancestors.
    "X-Frame-Options": "DENY",
  };
  if (!routeSetsOwnCsp(path)) {
    headers["Content-Security-Policy"] =
      "nonce" in options ? contentSecurityPolicy(options.nonce, { dev, https }) : prerenderedPagePolicy(options.scriptHashes, { dev, https });
  }
  // HSTS over http is ignored by browsers and would pin a localhost to https for a year if ever honoured.
  if (https) headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY;
  return headers;
}

