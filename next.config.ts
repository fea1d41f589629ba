import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
// Importing the configuration here makes a bad environment value fail `next build` and `next start` at once.
// The config runs in plain Node, where lib/server's `server-only` marker would throw: the shim stands in for it.
import "./scripts/server-context.cjs";
import "./lib/server/config/env";

// Security headers (CSP with a per-request nonce, HSTS, Referrer-Policy, …) are set by the front door
// (lib/server/security/front-door.ts) at request time: they depend on APP_URL as the server runs, not as it was
// built (lib/server/security/headers.ts).
const nextConfig: NextConfig = {
  // svg-captcha reads its font file next to its own module, and resvg loads a native binary: bundling breaks both.
  // oidc-provider (Koa inside) runs as Node loads it, not rebundled.
  serverExternalPackages: ["svg-captcha", "@resvg/resvg-js", "bcrypt", "better-sqlite3", "pg", "oidc-provider"],
  poweredByHeader: false,
  experimental: {
    // Every form here posts a few short fields; refusing big bodies early caps what one request can cost.
    serverActions: { bodySizeLimit: "64kb" },
    // CI builds once on a clean checkout: writing Turbopack's cache there is 12 s for nothing.
    turbopackFileSystemCacheForBuild: !process.env.CI,
  },
};

// next-intl reads each request's language and messages from app/_lib/i18n/request.ts.
export default createNextIntlPlugin("./app/_lib/i18n/request.ts")(nextConfig);
