import type { AuditRecord } from "@/lib/server/security/audit";
import { messages } from "@/lib/shared/messages";
import styles from "./account.module.css";

const m = messages.account;

/** "2026-11-25 22:04:13 UTC": the server does not know the reader's time zone, so say which one it is. */
function utcTime(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export function AccountActivity({ events }: { events: AuditRecord[] }) {
  return (
    <section aria-labelledby="account-activity-title" className={styles.activity}>
      <h2 id="account-activity-title">{m.activityTitle}</h2>
      {events.length === 0 ? (
        <p className="muted">{m.activityEmpty}</p>
      ) : (
        <table data-testid="account-activity">
          <thead>
            <tr>
              <th scope="col">{m.activityWhen}</th>
              <th scope="col">{m.activityWhat}</th>
              <th scope="col">{m.activityFrom}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>
                  <time dateTime={event.at.toISOString()}>{utcTime(event.at)}</time>
                </td>
                <td>{m.events[event.event] ?? event.event}</td>
                <td>{event.ipGroup ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
