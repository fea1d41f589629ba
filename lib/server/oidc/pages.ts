import "server-only";
import type { KoaContextWithOIDC } from "oidc-provider";
import { COOKIE } from "@/lib/server/config/cookies";
import { escapeHtml, plainPage, PRIMARY_STYLE, SECONDARY_STYLE } from "@/lib/server/plain-page";
import { isLocale, negotiateLocale, type Locale } from "@/lib/shared/i18n/locales";
import { translator } from "@/lib/shared/i18n/translator";

// The few pages the provider answers with itself, outside Next: an app's bad request, and RP-initiated sign-out
// (its confirmation and its end). In the person's language: the portal's language cookie, else the browser's.

function localeOf(ctx: KoaContextWithOIDC): Locale {
  const chosen = ctx.cookies.get(COOKIE.language, { signed: false });
  return isLocale(chosen) ? chosen : negotiateLocale(ctx.get("accept-language"));
}

function send(ctx: KoaContextWithOIDC, html: string): void {
  ctx.type = "html";
  ctx.body = html;
}

/** The sign-out question: `form` is the provider's hidden form (its xsrf token); the two buttons submit it. */
export async function renderLogoutPage(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const locale = localeOf(ctx);
  const t = translator(locale);
  const app = ctx.oidc.client?.clientName;
  const formId = /id="([^"]+)"/.exec(form)?.[1] ?? "op.logoutForm";
  send(
    ctx,
    plainPage({
      locale,
      title: t("oidc.logoutTitle"),
      body: `${form}
<p style="line-height:1.5">${escapeHtml(app ? t("oidc.logoutBody", { app }) : t("oidc.logoutBodyNoApp"))}</p>
<p style="display:flex;gap:12px;flex-wrap:wrap">
<button type="submit" form="${escapeHtml(formId)}" name="logout" value="yes" style="${PRIMARY_STYLE}">${escapeHtml(t("oidc.logoutYes"))}</button>
<button type="submit" form="${escapeHtml(formId)}" style="${SECONDARY_STYLE}">${escapeHtml(t("oidc.logoutNo"))}</button>
</p>`,
    }),
  );
}

/** After sign-out, when the app gave no address to return to. */
export async function renderLogoutDonePage(ctx: KoaContextWithOIDC): Promise<void> {
  const locale = localeOf(ctx);
  const t = translator(locale);
  send(
    ctx,
    plainPage({
      locale,
      title: t("oidc.logoutDoneTitle"),
      body: `<p style="line-height:1.5">${escapeHtml(t("oidc.logoutDoneBody"))}</p>
<p><a href="/" style="${PRIMARY_STYLE}">${escapeHtml(t("oidc.backHome"))}</a></p>`,
    }),
  );
}

/**
 * An app's request the provider cannot answer by redirecting back to it (an unknown app, a redirect URI it did not
 * register): the error's code, never its details (they may echo what the request carried).
 */
export async function renderErrorPage(ctx: KoaContextWithOIDC, out: { error: string }): Promise<void> {
  const locale = localeOf(ctx);
  const t = translator(locale);
  send(
    ctx,
    plainPage({
      locale,
      title: t("oidc.errorTitle"),
      body: `<p style="line-height:1.5">${escapeHtml(t("oidc.errorBody"))}</p>
<p style="color:#555">${escapeHtml(t("oidc.errorCode", { code: out.error }))}</p>
<p><a href="/" style="${PRIMARY_STYLE}">${escapeHtml(t("oidc.backHome"))}</a></p>`,
    }),
  );
}
