// Where a `next` / `returnTo` parameter may send someone: only to a path on this site. Browsers and servers
// disagree on the edges of URL syntax (`//host`, `/\host`, tabs and newlines dropped mid-URL, percent-encoded
// slashes decoded by a proxy), so the rule is an allow-list of plain path characters plus checks on every
// decoding of the value, rather than a list of known tricks.

export const RETURN_PATH_MAX_LENGTH = 512;

// RFC 3986 path, query and fragment characters, printable ASCII only: no backslash, space, quotes, angle
// brackets or control characters.
const PATH_CHARACTERS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]+$/;
// Decoding is repeated a few times because a value can be decoded once by a proxy and again by the app.
const DECODE_ROUNDS = 3;
const CHECK_ORIGIN = "https://return-path.invalid";

function isSafeDecoded(value: string): boolean {
  // "//" or "/\" at the start makes a protocol-relative URL: another host.
  if (!value.startsWith("/") || value[1] === "/" || value[1] === "\\") return false;
  // Control characters (C0, DEL, C1) and whitespace are dropped or reinterpreted by URL parsers.
  return !/[\u0000-\u0020\u007f-\u009f\s]/u.test(value);
}

/** `value` if it is a same-site path such as `/account` or `/account?tab=1`, else null. */
export function safeReturnPath(value: unknown): string | null {
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

  // Last word to the WHATWG URL parser, the one browsers use: the value must stay on this origin.
  try {
    if (new URL(value, CHECK_ORIGIN).origin !== CHECK_ORIGIN) return null;
  } catch {
    return null;
  }
  return value;
}
