import type { NextConfig } from "next";
// Importing the configuration here makes a bad environment value fail `next build` and `next start` at once.
import "./lib/env";

const nextConfig: NextConfig = {
  // svg-captcha reads its font file next to its own module, which bundling would break.
  serverExternalPackages: ["svg-captcha", "bcrypt", "better-sqlite3"],
  poweredByHeader: false,
  async headers() {
    return [
      // Activation links carry a secret token: never leak it to another site through Referer.
      { source: "/activate", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
      { source: "/:path*", headers: [{ key: "X-Content-Type-Options", value: "nosniff" }] },
    ];
  },
};

export default nextConfig;
