import "server-only";
import { isIP } from "node:net";

// Who is asking, as rate limits and the audit trail see it. The socket's address is the truth; an
// X-Forwarded-For header is believed only for as many hops as TRUST_PROXY says there are proxies of ours in
// front, so a header a client makes up can never pick its own counter.

/** "::ffff:1.2.3.4" → "1.2.3.4", "[::1]:443" → "::1"; anything that is not an IP address → null. */
export function normalizeIp(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(value)) value = value.slice(7);
  return isIP(value) ? value.toLowerCase() : null;
}

/**
 * The client's address. Each trusted proxy appends the address it got the request from, so with n trusted
 * proxies the client is the n-th entry from the right of [...X-Forwarded-For, socket].
 */
export function clientIp({
  socketIp,
  forwardedFor,
  trustedProxies,
}: {
  socketIp: string | null | undefined;
  forwardedFor: string | null | undefined;
  trustedProxies: number;
}): string {
  const socket = normalizeIp(socketIp) ?? "unknown";
  if (trustedProxies <= 0) return socket;
  const hops = (forwardedFor ?? "").split(",").map((hop) => hop.trim()).filter(Boolean);
  const chain = [...hops, socket];
  const candidate = chain[Math.max(0, chain.length - 1 - trustedProxies)];
  return normalizeIp(candidate) ?? socket;
}

function expandIpv6(ip: string): string[] {
  const [head = "", tail = ""] = ip.split("::") as [string, string?];
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") && tail ? tail.split(":") : [];
  // An embedded IPv4 tail ("::1.2.3.4") takes two groups.
  const ipv4 = (parts: string[]) =>
    parts.flatMap((part) => {
      if (!part.includes(".")) return [part];
      const [a = 0, b = 0, c = 0, d = 0] = part.split(".").map(Number);
      return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    });
  const l = ipv4(left);
  const r = ipv4(right);
  const missing = ip.includes("::") ? 8 - l.length - r.length : 0;
  return [...l, ...Array<string>(missing).fill("0"), ...r].map((group) => group.replace(/^0+(?=.)/, ""));
}

/** The unit a limit counts: an IPv4 address, or an IPv6 /64 (one household or server gets a whole /64). */
export function ipGroup(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  return `${expandIpv6(ip).slice(0, 4).join(":")}::/64`;
}
