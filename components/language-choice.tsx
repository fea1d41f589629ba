import { LANGUAGE_NAMES, LOCALES, type Locale } from "@/lib/shared/i18n/locales";

type Props = { current: Locale; back: string; label: string };

/**
 * The footer's language choice: plain links (they work without JavaScript), each language named in itself and
 * marked with its own `lang`, the current one marked for screen readers.
 */
export function LanguageChoice({ current, back, label }: Props) {
  return (
    <nav aria-label={label} className="language-choice">
      <ul>
        {LOCALES.map((locale) => (
          <li key={locale}>
            <a
              href={`/language?to=${encodeURIComponent(locale)}&back=${encodeURIComponent(back)}`}
              lang={locale}
              hrefLang={locale}
              aria-current={locale === current ? "true" : undefined}
            >
              {LANGUAGE_NAMES[locale]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
