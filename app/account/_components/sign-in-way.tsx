import Link from "next/link";
import type { ReactNode } from "react";
import styles from "./account.module.css";

type Action = { href: string; label: string };

/**
 * The email or the phone number on the profile, with what can be done to it: add or change it (a code proves the
 * new one), and remove it, offered only while the other remains. Plain links to pages of their own, so each works
 * without JavaScript.
 */
export function SignInWay({ value, notAdded, change, remove }: { value: ReactNode; notAdded: string; change: Action; remove: Action | null }) {
  return (
    <div className={styles.signInWay}>
      {value ?? <span className="muted">{notAdded}</span>}
      <span className={styles.signInWayActions}>
        <Link href={change.href}>{change.label}</Link>
        {remove ? <Link href={remove.href}>{remove.label}</Link> : null}
      </span>
    </div>
  );
}
