import type { AuditRecord } from "@/lib/server/security/audit";
import { useFormatter, useTranslations } from "next-intl";
import styles from "./account.module.css";



export function AccountActivity({ events }: { events: AuditRecord[] }) {
  const m = useTranslations("account");
  // In the reader's language, in UTC and saying so: the server does not know the reader's time zone.
  const format = useFormatter();
  const utcTime = (at: Date) => `${format.dateTime(at, { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" })} UTC`;
  return (
    <section aria-labelledby="account-activity-title" className={styles.activity}>
      <h2 id="account-activity-title">{m("activityTitle")}</h2>
      {events.length === 0 ? (
        <p className="muted">{m("activityEmpty")}</p>
      ) : (
        <table data-testid="account-activity">
          <thead>
            <tr>
              <th scope="col">{m("activityWhen")}</th>
              <th scope="col">{m("activityWhat")}</th>
              <th scope="col">{m("activityFrom")}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>
                  <time dateTime={event.at.toISOString()}>{utcTime(event.at)}</time>
                </td>
                <td>{m.has(`events.${event.event}`) ? m(`events.${event.event}` as "events.sign_in") : event.event}</td>
                <td>{event.ipGroup ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
