import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  newNonce,
  PERMISSIONS_POLICY,
  prerenderedPagePolicy,
  routeSetsOwnCsp,
  securityHeaders,
  STRICT_TRANSPORT_SECURITY,
} from "@/lib/server/security/headers";

/** A policy as a map from directive name to its source list. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((part) => {
      const [name = "", ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

const NONCE = "AAAAAAAAAAAAAAAAAAAAAA==";

describe("newNonce", () => {
  it("is 128 bits of base64, fresh on every call", () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    }
  });
});

describe("contentSecurityPolicy", () => {
  it("allows scripts only through the nonce, and locks down objects, base, framing and forms", () => {
    const csp = directives(contentSecurityPolicy(NONCE));
    expect(Object.fromEntries(csp)).toEqual({
      "default-src": ["'self'"],
      "script-src": ["'self'", `'nonce-${NONCE}'`, "'strict-dynamic'"],
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "data:"],
      "font-src": ["'self'"],
      "connect-src": ["'self'"],
      "object-src": ["'none'"],
      "base-uri": ["'none'"],
      "frame-ancestors": ["'none'"],
      "form-action": ["'self'"],
    });
  });

  it("never allows inline scripts or eval in production", () => {
    const policy = contentSecurityPolicy(NONCE, { https: true });
    expect(policy).not.toContain("'unsafe-eval'");
    expect(directives(policy).get("script-src")).not.toContain("'unsafe-inline'");
  });

  it("allows eval only for `next dev`", () => {
    expect(directives(contentSecurityPolicy(NONCE, { dev: true })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("upgrades stray http subresources only when served over https", () => {
    expect(directives(contentSecurityPolicy(NONCE, { https: true })).has("upgrade-insecure-requests")).toBe(true);
    expect(directives(contentSecurityPolicy(NONCE, { https: false })).has("upgrade-insecure-requests")).toBe(false);
  });

  it("is one header line: no newlines, no empty directives", () => {
    const policy = contentSecurityPolicy(NONCE, { dev: true, https: true });
    expect(policy).not.toMatch(/[\r\n]/);
    expect(policy.split("; ").every((part) => part.trim().length > 0)).toBe(true);
  });

  it.each(["", "short", "a b c d e f g h i j k", "x'; script-src *; '", "AAAAAAAAAAAAAAAA\r\nSet-Cookie: a"])(
    "refuses a nonce that could break out of the policy or be guessed: %j",
    (nonce) => {
      expect(() => contentSecurityPolicy(nonce)).toThrow();
    },
  );

  it("accepts every nonce newNonce makes", () => {
    for (let i = 0; i < 200; i++) expect(() => contentSecurityPolicy(newNonce())).not.toThrow();
  });
});

describe("securityHeaders", () => {
  const page = securityHeaders({ path: "/register", nonce: NONCE, https: false });

  it("gives a page the CSP with this response's nonce and the fixed headers", () => {
    expect(page).toEqual({
      "Content-Security-Policy": contentSecurityPolicy(NONCE),
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Permissions-Policy": PERMISSIONS_POLICY,
      "X-Frame-Options": "DENY",
    });
  });

  it("gives a prerendered page the policy of its inline scripts' hashes in place of a nonce", () => {
    const hash = `'sha256-${"A".repeat(43)}='`;
    const prerendered = securityHeaders({ path: "/register", scriptHashes: [hash], https: true });
    expect(prerendered["Content-Security-Policy"]).toBe(prerenderedPagePolicy([hash], { https: true }));
    const scriptSrc = directives(prerendered["Content-Security-Policy"]!).get("script-src");
    expect(scriptSrc).toEqual(["'self'", hash]);
    expect(prerendered["Strict-Transport-Security"]).toBe(STRICT_TRANSPORT_SECURITY);
  });

  it("sends HSTS for a year with subdomains only over https", () => {
    expect(page).not.toHaveProperty("Strict-Transport-Security");
    const https = securityHeaders({ path: "/register", nonce: NONCE, https: true });
    expect(https["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(STRICT_TRANSPORT_SECURITY).toBe("max-age=31536000; includeSubDomains");
    expect(https["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
  });

  it("keeps the activation link's token out of Referer headers", () => {
    expect(securityHeaders({ path: "/activate", nonce: NONCE, https: false })["Referrer-Policy"]).toBe("no-referrer");
    // The confirmation page carries no secret, and its form posts need their Origin header.
    expect(securityHeaders({ path: "/activate/confirm", nonce: NONCE, https: false })["Referrer-Policy"]).toBe(
      "strict-origin-when-cross-origin",
    );
  });

  it("leaves the CSP to the routes that set their own stricter one, and only to them", () => {
    for (const path of ["/captcha", "/dev/mail/abc123"]) {
      expect(routeSetsOwnCsp(path)).toBe(true);
      const headers = securityHeaders({ path, nonce: NONCE, https: true });
      expect(headers).not.toHaveProperty("Content-Security-Policy");
      expect(headers).toMatchObject({ "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY" });
      expect(headers["Strict-Transport-Security"]).toBe(STRICT_TRANSPORT_SECURITY);
    }
    for (const path of ["/", "/dev/mail", "/dev/mail/a/b", "/captcha/x", "/captchas", "/activate", "/nope"]) {
      expect(routeSetsOwnCsp(path), path).toBe(false);
      expect(securityHeaders({ path, nonce: NONCE, https: false }), path).toHaveProperty("Content-Security-Policy");
    }
  });

  it("denies every powerful feature the portal does not use, and lets passkeys run on its own pages only", () => {
    const entries = PERMISSIONS_POLICY.split(", ");
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb", "interest-cohort", "browsing-topics"]) {
      expect(entries).toContain(`${feature}=()`);
    }
    const allowed = entries.filter((entry) => !/^[a-z-]+=\(\)$/.test(entry));
    expect(allowed.sort()).toEqual(["publickey-credentials-create=(self)", "publickey-credentials-get=(self)"]);
  });
});
