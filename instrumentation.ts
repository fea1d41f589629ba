// Runs once when a server process starts: the outbox worker sends what requests could not, and writes the messages
// flows queued unwritten (lib/server/courier/outbox.ts), each kind by its flow's composer, listed here: the
// courier only knows that a kind has one. A kind queued unwritten without a composer here would wait for ever.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Every request passes the front door first (security headers, the CSP nonce, the language, refusals, the 503):
  // the portal's server (scripts/server.ts) calls it before Next.js, and answers 503 until it is registered.
  // The portal's own routes (the sign-in form's POST, /healthz) are answered after it, without Next.js
  // (app/_lib/own-routes.ts): registered first, so that none reaches Next.js once the front door opens.
  const { answerOwnRoute } = await import("@/app/_lib/own-routes");
  (globalThis as Record<symbol, unknown>)[Symbol.for("mi.ownRoutes")] = answerOwnRoute;
  const { frontDoor } = await import("@/lib/server/security/front-door");
  (globalThis as Record<symbol, unknown>)[Symbol.for("mi.frontDoor")] = frontDoor;
  const [{ startOutboxWorker }, { composeResetMail }, { composeActivationResend }, { composeSignInCode }, { composeRecoveryCode }] = await Promise.all([
    import("@/lib/server/courier/worker"),
    import("@/lib/server/flows/recovery/password-reset"),
    import("@/lib/server/flows/verification/resend"),
    import("@/lib/server/flows/login/code-sign-in"),
    import("@/lib/server/flows/recovery/code-recovery"),
  ]);
  startOutboxWorker({
    composers: { activation: composeActivationResend, password_reset: composeResetMail, sign_in_code: composeSignInCode, recovery_code: composeRecoveryCode },
  });
  // The OpenID Provider answers /oidc/ and discovery itself, outside Next's routes: the portal's server
  // (scripts/server.ts) hands those requests to this handler, built here so it shares the app's modules.
  const { handleOidcRequest } = await import("@/lib/server/oidc/provider");
  (globalThis as Record<symbol, unknown>)[Symbol.for("mi.oidc")] = handleOidcRequest;
  // Prerendered pages (app/_lib/prerendered.ts) are answered the same way, before Next.js; not while developing,
  // where every change must show at once.
  if (process.env.NODE_ENV !== "development") {
    const { servePrerenderedPage } = await import("@/app/_lib/prerendered");
    (globalThis as Record<symbol, unknown>)[Symbol.for("mi.prerendered")] = servePrerenderedPage;
  }
}
