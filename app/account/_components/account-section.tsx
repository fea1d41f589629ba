import type { ReactNode } from "react";
import styles from "./account.module.css";

/** The account page's sections in page order; each has a heading, and the page's menu links to each. */
export const ACCOUNT_SECTIONS = ["profile", "password", "two-step", "passkeys", "sessions", "apps", "activity", "offers", "data", "delete"] as const;
export type AccountSectionId = (typeof ACCOUNT_SECTIONS)[number];

/** One section: a region named by its heading, the target of its menu link (`#id`). */
export function AccountSection({ id, title, children }: { id: AccountSectionId; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className={styles.section}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

/**
 * A way to jump to each section, as the real portal's side menu: a sticky column beside the sections on wide
 * screens, a list above them on phones. Plain in-page links, so it works without JavaScript.
 */
export function AccountMenu({ label, titles }: { label: string; titles: Record<AccountSectionId, string> }) {
  return (
    <nav aria-labelledby="account-menu-title" className={styles.menu}>
      <p id="account-menu-title" className={styles.menuTitle}>{label}</p>
      <ul>
        {ACCOUNT_SECTIONS.map((id) => (
          <li key={id}><a href={`#${id}`}>{titles[id]}</a></li>
        ))}
      </ul>
    </nav>
  );
}
