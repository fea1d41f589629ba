import { SubmitButton } from "@/components/ui/submit-button";
import { describeBrowser } from "@/lib/server/identity/browser-label";
import type { SessionSummary } from "@/lib/server/identity/sessions";
import type { Locale } from "@/lib/shared/i18n/locales";
import { useTranslations } from "next-intl";
import { endOtherSessionsAction, endSessionAction } from "../actions";
import { LocalTime } from "./local-time";
import styles from "./account.module.css";

/**
 * Where the person is signed in, with a sign-out for each device and one for all the others. Browser names are in
 * the page's language; times in the reader's zone (`zone` until the browser says its own).
 */
export function SessionsList({ sessions, current, zone, locale }: { sessions: SessionSummary[]; current: string; zone: string; locale: Locale }) {
  const m = useTranslations("accountSettings");
  return (
    <>
      <ul className="sessions" data-testid="sessions">
        {sessions.map((session) => (
          <li key={session.id}>
            <strong>{describeBrowser(session.browser, locale) ?? m("unknownBrowser")}</strong>
            {session.id === current ? <span className="muted"> · {m("thisDevice")}</span> : null}
            <br />
            <span className="muted">
              {m("signedInAt")} <LocalTime at={session.createdAt.toISOString()} zone={zone} /> · {m("lastUsed")} <LocalTime at={session.lastSeenAt.toISOString()} zone={zone} />
              {session.ipGroup ? <> · {m("from")} <bdi dir="ltr" className={styles.address}>{session.ipGroup}</bdi></> : null}
            </span>
            {session.id === current ? null : (
              <form action={endSessionAction}>
                <input type="hidden" name="sessionId" value={session.id} />
                <SubmitButton secondary>{m("endSession")}</SubmitButton>
              </form>
            )}
          </li>
        ))}
      </ul>
      {sessions.length > 1 ? (
        <form action={endOtherSessionsAction}>
          <SubmitButton secondary>{m("endOthers")}</SubmitButton>
        </form>
      ) : null}
    </>
  );
}
