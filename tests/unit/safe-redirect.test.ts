import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RETURN_PATH_MAX_LENGTH, safeReturnPath } from "@/lib/shared/safe-redirect";

const SITE = "https://account.example";

/** Where a browser would go after `Location: value` from a page on this site. */
function destination(value: string): URL {
  return new URL(value, `${SITE}/login`);
}

describe("safeReturnPath accepts same-site paths", () => {
  it.each([
    "/",
    "/account",
    "/account?x=1",
    "/account?tab=security&x=%2F",
    "/account#sessions",
    "/register/password",
    "/a/b/c?next=/account",
    "/javascript:alert(1)", // a path segment on this site, not a scheme
    "/privacy?from=%2Fregister",
    "/~user/.profile",
  ])("%s", (value) => {
    expect(safeReturnPath(value)).toBe(value);
    expect(destination(value).origin).toBe(SITE);
  });

  it("accepts a path of exactly the maximum length", () => {
    const value = `/${"a".repeat(RETURN_PATH_MAX_LENGTH - 1)}`;
    expect(safeReturnPath(value)).toBe(value);
  });
});

describe("safeReturnPath resolves dot segments before trusting a path", () => {
  it.each([
    "/.//evil.example/path",
    "/a/..//evil.example/path",
    "/a/b/../..//evil.example",
    "/%2e//evil.example/path",
    "/a/%2e%2e//evil.example/path",
    "/a/%2E%2E//evil.example",
    "/./%2F/evil.example",
    "/.%2F/evil.example",
  ])("refuses %s, which resolves to another host's path", (value) => {
    expect(safeReturnPath(value)).toBeNull();
  });

  it.each([
    ["/a/../account", "/account"],
    ["/./account?x=1", "/account?x=1"],
    ["/register/%2e%2e/account", "/account"],
  ])("returns %s as the path it resolves to, %s", (value, resolved) => {
    expect(safeReturnPath(value)).toBe(resolved);
  });
});

describe("safeReturnPath refuses", () => {
  it.each([
    // another host
    "//evil.example",
    "//evil.example/account",
    "///evil.example",
    "/\\evil.example",
    "\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https://evil.example",
    "http://evil.example/account",
    "HTTPS://evil.example",
    "//evil.example@account.example",
    "https:evil.example",
    // scripts and other schemes
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "mailto:a@example.com",
    // relative paths, which depend on the current URL
    "account",
    "./account",
    "../account",
    "?x=1",
    "#top",
    "evil.example",
    // encoded slashes and backslashes, decoded once or more by something on the way
    "/%2F%2Fevil.example",
    "/%2fevil.example",
    "%2F%2Fevil.example",
    "%2Fevil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "%5C%5Cevil.example",
    "/%252F%252Fevil.example",
    "/%25252F%25252Fevil.example",
    "/%2525252F%2525252Fevil.example",
    // control characters and whitespace, which URL parsers drop or reinterpret
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%0d%0aSet-Cookie:x=1",
    "/account\u0000",
    "/%00",
    "/\u007f",
    "/\u0085",
    " /account",
    "/account ",
    "/ /evil.example",
    "/\u00a0/evil.example",
    "/\u3000/evil.example",
    "/\u2028",
    "\u200b//evil.example",
    // look-alike slashes and other non-ASCII
    "/\uff0fevil.example",
    "/\u2215evil.example",
    "\uff0f\uff0fevil.example",
    // HTML and quoting
    '/"><script>alert(1)</script>',
    "/<script>",
    "/`x`",
    "/{x}",
    "/a|b",
    "/a^b",
    // broken encoding
    "/%",
    "/%zz",
    "/%E0%A4%A",
    // empty and too long
    "",
    `/${"a".repeat(RETURN_PATH_MAX_LENGTH)}`,
  ])("%j", (value) => {
    expect(safeReturnPath(value)).toBeNull();
  });

  it.each([null, undefined, 0, 1, true, {}, [], ["/account"], { toString: () => "/account" }, new URL(`${SITE}/account`)])(
    "a value that is not a string: %j",
    (value) => {
      expect(safeReturnPath(value)).toBeNull();
    },
  );
});

// Characters that make up the tricks above, so generated strings hit the edges often.
const trickyCharacter = fc.constantFrom(
  "/", "\\", "%", "2", "F", "f", "5", "C", "c", "0", "9", "A", "D", ":", "@", ".", "?", "#", "&", "=", "a", "e",
  "v", "i", "l", " ", "\t", "\n", "\r", "\u0000", "\u007f", "\u00a0", "\u3000", "\uff0f", "\u2215", "<", '"',
);
const trickyString = fc.array(trickyCharacter, { maxLength: 24 }).map((parts) => parts.join(""));
const anyValue = fc.oneof(
  trickyString,
  trickyString.map((rest) => `/${rest}`),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.webUrl(),
  fc.webPath(),
  fc.anything(),
);

describe("safeReturnPath, for any input (fast-check)", () => {
  it("returns null or a resolved path that is accepted as it is, and never throws", () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const result = safeReturnPath(value);
        return result === null || (safeReturnPath(result) === result && destination(result).pathname === destination(value as string).pathname);
      }),
      { numRuns: 20_000 },
    );
  });

  it("only ever accepts a value that stays on this site, however often it is decoded", () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const result = safeReturnPath(value);
        if (result === null) return true;
        let current = result;
        for (let round = 0; round < 4; round++) {
          if (destination(current).origin !== SITE) return false;
          if (!current.startsWith("/") || current.startsWith("//") || current.startsWith("/\\")) return false;
          if (/[\s\u0000-\u001f\u007f-\u009f\\]/u.test(current.slice(0, 2))) return false;
          const decoded = decodeURIComponent(current);
          if (decoded === current) break;
          current = decoded;
        }
        return result.length <= RETURN_PATH_MAX_LENGTH;
      }),
      { numRuns: 20_000 },
    );
  });

  it("accepts every ordinary path with a query", () => {
    const segment = fc.stringMatching(/^[a-z0-9\-._~]{1,12}$/);
    const path = fc
      .tuple(fc.array(segment, { minLength: 0, maxLength: 5 }), fc.option(fc.tuple(segment, segment)))
      .map(([segments, query]) => `/${segments.join("/")}${query ? `?${query[0]}=${query[1]}` : ""}`);
    fc.assert(
      fc.property(path, (value) => {
        const resolved = destination(value);
        return safeReturnPath(value) === resolved.pathname + resolved.search;
      }),
      { numRuns: 2_000 },
    );
  });

  it("refuses every value that starts with two slashes or backslashes in any mix, encoded or not", () => {
    const slash = fc.constantFrom("/", "\\", "%2F", "%2f", "%5C", "%5c", "%252F", "%255C");
    const host = fc.domain();
    fc.assert(
      fc.property(slash, slash, host, (first, second, domain) => safeReturnPath(`${first}${second}${domain}`) === null),
      { numRuns: 2_000 },
    );
  });
});
