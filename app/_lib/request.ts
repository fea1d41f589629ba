import { cookies, headers } from "next/headers";
import { clientIp, ipGroup } from "@/lib/server/security/client-ip";
import { cookieOptions, type CookieWrite } from "@/lib/server/config/cookies";
import { env } from "@/lib/server/config/env";
import { PRERENDER_HEADER } from "@/lib/server/ops/prerendered-pages";

// Next.js request plumbing kept in one spot, so lib/ only ever sees plain values.
export async function readCookie(name: string): Promise<string | undefined> {
  return (await cookies()).get(name)?.value;
}

/** Sets a portal cookie (HttpOnly, SameSite=Lax, Secure over https), lasting until `expires` or for `maxAgeMs`. */
export async function writeCookie(name: string, value: string, lifetime?: { expires: Date } | { maxAgeMs: number }): Promise<void> {
  const expiry = !lifetime ? {} : "expires" in lifetime ? lifetime : { maxAge: Math.floor(lifetime.maxAgeMs / 1000) };
  (await cookies()).set(name, value, { ...cookieOptions, ...expiry });
}

export async function clearCookie(name: string): Promise<void> {
  (await cookies()).set(name, "", { ...cookieOptions, maxAge: 0 });
}

/** A cookie described as data (lib/server/config/cookies.ts), set or cleared as writeCookie and clearCookie do. */
export async function applyCookie({ name, value, lifetime }: CookieWrite): Promise<void> {
  if (lifetime && "clear" in lifetime) return clearCookie(name);
  return writeCookie(name, value, lifetime);
}

export async function acceptLanguage(): Promise<string | null> {
  return (await headers()).get("accept-language");
}

/** The client's address group for limits and the audit trail (scripts/server.ts supplies the socket's). */
export async function requestIpGroup(): Promise<string> {
  return ipGroupOf(await headers());
}

/** requestIpGroup for a request's headers in hand (app/_lib/prerendered.ts, before Next.js). */
export function ipGroupOf(h: Pick<Headers, "get">): string {
  return ipGroup(clientIp({ socketIp: h.get("x-mi-socket-ip"), forwardedFor: h.get("x-forwarded-for"), trustedProxies: env.TRUST_PROXY }));
}

/**
 * Whether this render is a prerendered page's copy for everyone of a language (lib/server/ops/prerendered-pages.ts):
 * it must show nothing that belongs to one person or address. The front door (lib/server/security/front-door.ts) sets the header only on its own renders.
 */
export async function renderingForEveryone(): Promise<boolean> {
  return (await headers()).get(PRERENDER_HEADER) === "1";
}
