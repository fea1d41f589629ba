// Where a `next` / `returnTo` parameter may send someone: only to a path on this site. Browsers and servers
// disagree on the edges of URL syntax (`//host`, `/\host`, tabs and newlines dropped mid-URL, percent-encoded
// slashes decoded by a proxy), so the rule is an allow-list of plain path characters plus checks on every
// decoding of the value, rather than a list of known tricks. What is returned is the path as a URL parser
// resolves it (dot segments removed): `/.//host` and `/a/..//host` resolve to `//host`, another site.

export const RETURN_PATH_MAX_LENGTH = 512;

// RFC 3986 path, query and fragment characters, printable ASCII only: no backslash, space, quotes, angle
// brackets or control characters.
const PATH_CHARACTERS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]+$/;
// Decoding is repeated a few times because a value can be decoded once by a proxy and again by the app.
const DECODE_ROUNDS = 3;
const CHECK_ORIGIN = "https://return-path.invalid";

function isSafeDecoded(value: string): boolean {
  // "//" or "/\" at the start makes a protocol-relative URL: another host.
  if (!startsSafely(value)) return false;
  // Control characters (C0, DEL, C1) and whitespace are dropped or reinterpreted by URL parsers.
  if (/[\u0000-\u0020\u007f-\u009f\s]/u.test(value)) return false;
  // The same once dot segments are resolved: "/.//host" is "//host" to a browser or a normalising server.
  try {
    const resolved = new URL(value, CHECK_ORIGIN);
    return resolved.origin === CHECK_ORIGIN && startsSafely(resolved.pathname);
  } catch {
    return false;
  }
}

function startsSafely(path: string): boolean {
  return path.startsWith("/") && path[1] !== "/" && path[1] !== "\\";
}

/** The same-site path `value` resolves to, such as `/account` or `/account?tab=1`, else null. */
export function safeReturnPath(value: unknown): string | null {
  const checked = checkedPath(value);
  if (checked === null) return null;
  let resolved: URL;
  try {
    resolved = new URL(checked, CHECK_ORIGIN);
  } catch {
    return null;
  }
  // Last word to the WHATWG URL parser, the one browsers use: the value must stay on this origin, and the path
  // it resolves to must pass the same checks, since that is where a browser (or a server's redirect) goes.
  if (resolved.origin !== CHECK_ORIGIN) return null;
  const path = resolved.pathname + resolved.search + resolved.hash;
  return path === checked || checkedPath(path) === path ? path : null;
}

function checkedPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > RETURN_PATH_MAX_LENGTH) return null;
  if (!PATH_CHARACTERS.test(value)) return null;

  let decoded = value;
  for (let round = 0; round <= DECODE_ROUNDS; round++) {
    if (!isSafeDecoded(decoded)) return null;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return null; // malformed percent-encoding
    }
    if (next === decoded) break;
    if (round === DECODE_ROUNDS) return null; // still encoded after several rounds: refuse rather than guess
    decoded = next;
  }
  return value;
}
