import { ipGroupOf } from "@/app/_lib/request";
import { COOKIE } from "@/lib/server/config/cookies";
import { env, isHttps } from "@/lib/server/config/env";
import { signInCaptchaShown } from "@/lib/server/flows/login/throttle";
import { databaseLooksUp } from "@/lib/server/ops/database-status";
import { PrerenderedPages, prerenderedPageServer } from "@/lib/server/ops/prerendered-pages";

/**
 * The portal's prerendered pages (lib/server/ops/prerendered-pages.ts), up to 48 MB of them per instance (about
 * 600 variants of /register), answered by the portal's server before Next.js (instrumentation.ts registers it).
 */
export const servePrerenderedPage = prerenderedPageServer({
  pages: new PrerenderedPages(48 * 1024 * 1024),
  origin: `http://127.0.0.1:${env.PORT}`,
  https: isHttps,
  languageCookie: COOKIE.language,
  mayServe: async ({ variant, headers }) =>
    // While the database is away, the front door (lib/server/security/front-door.ts) answers every page with its calm 503.
    databaseLooksUp() &&
    // An address that will be asked for a captcha at sign-in sees it on the form at once (app/login/page.tsx).
    !(variant.path === "/login" && (await signInCaptchaShown({ ipGroup: ipGroupOf(headers), now: new Date() }))),
});
