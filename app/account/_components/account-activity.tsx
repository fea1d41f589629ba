import type { AuditRecord } from "@/lib/server/security/audit";
import { useTranslations } from "next-intl";
import { LocalTime } from "./local-time";
import styles from "./account.module.css";

/** The account's last events, each in the reader's zone (`zone` until the browser says its own). */
export function AccountActivity({ events, zone }: { events: AuditRecord[]; zone: string }) {
  const m = useTranslations("account");
  return events.length === 0 ? (
    <p className="muted">{m("activityEmpty")}</p>
  ) : (
    <table data-testid="account-activity" className={styles.activity}>
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
            <td><LocalTime at={event.at.toISOString()} zone={zone} seconds /></td>
            <td>{m.has(`events.${event.event}`) ? m(`events.${event.event}` as "events.sign_in") : event.event}</td>
            <td>{event.ipGroup ? <bdi dir="ltr" className={styles.address}>{event.ipGroup}</bdi> : "–"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
