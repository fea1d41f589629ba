import { SubmitButton } from "@/components/ui/submit-button";
import type { SessionSummary } from "@/lib/server/identity/sessions";
import { useFormatter, useTranslations } from "next-intl";
import { endOtherSessionsAction, endSessionAction } from "../actions";


/** Where the person is signed in, with a sign-out for each device and one for all the others. */
export function SessionsList({ sessions, current }: { sessions: SessionSummary[]; current: string }) {
  const m = useTranslations("accountSettings");
  const format = useFormatter();
  const when = (date: Date) => `${format.dateTime(date, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;
  return (
    <section aria-labelledby="sessions-title" className="form">
      <h2 id="sessions-title">{m("sessionsTitle")}</h2>
      <ul className="sessions" data-testid="sessions">
        {sessions.map((session) => (
          <li key={session.id}>
            <strong>{session.browser ?? m("unknownBrowser")}</strong>
            {session.id === current ? <span className="muted"> · {m("thisDevice")}</span> : null}
            <br />
            <span className="muted">
              {m("signedInAt")} {when(session.createdAt)} · {m("lastUsed")} {when(session.lastSeenAt)}
              {session.ipGroup ? ` · ${m("from")} ${session.ipGroup}` : ""}
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
    </section>
  );
}
