import { describe, expect, it } from "vitest";
import { COOKIE, languageCookie, setCookieHeader } from "@/lib/server/config/cookies";

// The Set-Cookie values the portal writes outside Next.js (the front door's language, the sign-in form's POST):
// the attributes Next.js's cookies() gives the same cookie (cookieOptions), over http here (no Secure, no __Host-).
describe("setCookieHeader", () => {
  const now = new Date("2026-12-07T10:00:00Z");

  it("lasts until a time, for a while, or is cleared", () => {
    const until = new Date("2026-12-07T22:00:00Z");
    expect(setCookieHeader({ name: COOKIE.session, value: "abc", lifetime: { expires: until } }, now)).toBe(
      "mi_session=abc; Path=/; Expires=Mon, 07 Dec 2026 22:00:00 GMT; HttpOnly; SameSite=lax",
    );
    expect(setCookieHeader({ name: "a", value: "b", lifetime: { maxAgeMs: 90_500 } }, now)).toBe(
      "a=b; Path=/; Expires=Mon, 07 Dec 2026 10:01:30 GMT; Max-Age=90; HttpOnly; SameSite=lax",
    );
    expect(setCookieHeader({ name: "a", value: "", lifetime: { clear: true } }, now)).toBe("a=; Path=/; Expires=Mon, 07 Dec 2026 10:00:00 GMT; Max-Age=0; HttpOnly; SameSite=lax");
    expect(setCookieHeader({ name: "a", value: "b" }, now)).toBe("a=b; Path=/; HttpOnly; SameSite=lax");
  });

  it("writes the language cookie for a year", () => {
    expect(languageCookie("ar", now)).toBe("mi_lang=ar; Path=/; Expires=Tue, 07 Dec 2027 10:00:00 GMT; Max-Age=31536000; HttpOnly; SameSite=lax");
  });
});
