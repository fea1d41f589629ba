import "server-only";
// The OpenID Provider's cookies, named here for the provider (provider.ts) and the portal's pages that read the
// interaction cookie (interactions.ts, app/authorize/). The interaction cookie's path is /authorize/<uid>.
export const OIDC_COOKIES = { session: "mi_oidc_session", interaction: "mi_oidc_interaction", resume: "mi_oidc_resume" } as const;
