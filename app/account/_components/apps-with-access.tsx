import { getTranslations } from "next-intl/server";
import { SubmitButton } from "@/components/ui/submit-button";
import type { AppWithAccess } from "@/lib/server/identity/app-access";
import { formatLocalTime } from "@/lib/shared/local-time";
import type { Locale } from "@/lib/shared/i18n/locales";
import { revokeAppAccessAction } from "../actions";
import { LocalTime } from "./local-time";
import styles from "./account.module.css";

/** The scopes the account page puts into words, in the consent page's order; others are not the person's concern. */
const SCOPE_WORDS = ["openid", "profile", "email", "phone", "offline_access"] as const;

/**
 * "Apps with access": each app the person let in with "Sign in with Mi", what it may see (the consent page's
 * words), when it was allowed and last used, and a way to remove it (a plain form: works without JavaScript).
 * Times as the sessions' are: in the reader's zone (`zone` until the browser says its own).
 */
export async function AppsWithAccess({ apps, zone, locale }: { apps: AppWithAccess[]; zone: string; locale: Locale }) {
  // A server component (the `oidc` words are not sent to the browser with every page).
  const t = await getTranslations("oidc");
  if (apps.length === 0) return <p className="muted" data-testid="apps-none">{t("appsNone")}</p>;
  const date = (at: Date) => formatLocalTime({ at, locale, timeZone: zone });
  return (
    <>
      <p className="muted">{t("appsIntro")}</p>
      <ul className={styles.apps} data-testid="apps-with-access">
        {apps.map((app) => {
          const name = app.name ?? t("unknownApp");
          return (
            <li key={app.clientId} className={styles.app}>
              <h3 className={styles.appName}>{name}</h3>
              <ul className={styles.appScopes} aria-label={t("appsMaySee", { app: name })}>
                {SCOPE_WORDS.filter((scope) => app.scopes.includes(scope)).map((scope) => (
                  <li key={scope}>{t(`scopes.${scope}`)}</li>
                ))}
              </ul>
              <p className="muted">
                {t.rich("appsFirstUsed", { date: date(app.firstUsedAt), time: () => <LocalTime at={app.firstUsedAt.toISOString()} zone={zone} /> })}
                {" · "}
                {t.rich("appsLastUsed", { date: date(app.lastUsedAt), time: () => <LocalTime at={app.lastUsedAt.toISOString()} zone={zone} /> })}
              </p>
              <form action={revokeAppAccessAction}>
                <input type="hidden" name="clientId" value={app.clientId} />
                <SubmitButton secondary label={t("appsRevokeLabel", { app: name })}>{t("appsRevoke")}</SubmitButton>
              </form>
            </li>
          );
        })}
      </ul>
    </>
  );
}
