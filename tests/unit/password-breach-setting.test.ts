import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/server/config/env";

// Issue 21, point 11: the breached-password check's source is a setting, on by default.
describe("PWNED_PASSWORDS_URL", () => {
  it("defaults to the public range API, also when empty (an empty variable counts as unset)", () => {
    expect(parseEnv({}).PWNED_PASSWORDS_URL).toBe("https://api.pwnedpasswords.com");
    expect(parseEnv({ PWNED_PASSWORDS_URL: "" }).PWNED_PASSWORDS_URL).toBe("https://api.pwnedpasswords.com");
  });

  it("takes a local mirror, without its trailing slash", () => {
    expect(parseEnv({ PWNED_PASSWORDS_URL: "http://127.0.0.1:8089/" }).PWNED_PASSWORDS_URL).toBe("http://127.0.0.1:8089");
  });

  it('is off with "off"', () => {
    expect(parseEnv({ PWNED_PASSWORDS_URL: "off" }).PWNED_PASSWORDS_URL).toBeNull();
  });

  it.each(["ftp://mirror.example", "api.pwnedpasswords.com", "no"])("refuses %j, naming the variable", (value) => {
    expect(() => parseEnv({ PWNED_PASSWORDS_URL: value })).toThrow(/PWNED_PASSWORDS_URL: must be an http/);
  });
});
