import "server-only";
import type { Locale } from "@/lib/shared/i18n/locales";
import { translator } from "@/lib/shared/i18n/translator";

// A short name for a session's browser ("Chrome on Android"), from its User-Agent: enough for a person to
// recognise their devices on the account page, and nothing more is stored. It is stored as codes
// ("chrome/android") and put into words only when shown, in the reader's language.
const BROWSERS = [
  [/Edg\//, "edge"],
  [/OPR\/|Opera/, "opera"],
  [/Firefox\//, "firefox"],
  [/MiuiBrowser\//, "miBrowser"],
  [/SamsungBrowser\//, "samsungInternet"],
  [/Chrome\/|Chromium\/|CriOS\//, "chrome"],
  [/Safari\//, "safari"],
] as const;
const SYSTEMS = [
  [/Android/, "android"],
  [/iPhone|iPad|iPod/, "ios"],
  [/Windows/, "windows"],
  [/Mac OS X|Macintosh/, "macos"],
  [/CrOS/, "chromeos"],
  [/Linux/, "linux"],
] as const;

export type BrowserName = (typeof BROWSERS)[number][1];
export type SystemName = (typeof SYSTEMS)[number][1];
/** What a session's browser is, as far as its User-Agent says; at least one of the two is known. */
export type BrowserLabel = { browser: BrowserName | null; system: SystemName | null };

const BROWSER_NAMES: readonly string[] = BROWSERS.map(([, name]) => name);
const SYSTEM_NAMES: readonly string[] = SYSTEMS.map(([, name]) => name);

/** The label to store with a new session ("chrome/linux", "/android"), or null when the User-Agent names neither. */
export function browserLabel(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (!browser && !system) return null;
  return `${browser ?? ""}/${system ?? ""}`;
}

// Sessions signed in before labels were codes (they end within 12 hours) hold English: "Chrome on Linux".
const LEGACY: Record<string, string> = {
  Edge: "edge", Opera: "opera", Firefox: "firefox", "Mi Browser": "miBrowser", "Samsung Internet": "samsungInternet", Chrome: "chrome", Safari: "safari",
  Android: "android", iOS: "ios", Windows: "windows", macOS: "macos", ChromeOS: "chromeos", Linux: "linux",
};

/** A stored label read back; null for none, or for one this code does not know (it is then shown as unknown). */
export function readBrowserLabel(stored: string | null | undefined): BrowserLabel | null {
  if (!stored) return null;
  const legacy = /^(.+?)(?: on (.+))?$/.exec(stored);
  const [browser = "", system = ""] = stored.includes("/") ? stored.split("/") : [LEGACY[legacy?.[1] ?? ""] ?? "", LEGACY[legacy?.[2] ?? ""] ?? ""];
  const label = {
    browser: BROWSER_NAMES.includes(browser) ? (browser as BrowserName) : null,
    system: SYSTEM_NAMES.includes(system) ? (system as SystemName) : null,
  };
  return label.browser || label.system ? label : null;
}

/** The label in words of `locale` ("Chrome on Linux", "Chrome en Linux"); null when there is none to tell. */
export function describeBrowser(stored: string | null | undefined, locale: Locale): string | null {
  const label = readBrowserLabel(stored);
  if (!label) return null;
  const t = translator(locale);
  const browser = label.browser ? t(`accountSettings.browsers.${label.browser}`) : t("accountSettings.browsers.unknown");
  return label.system ? t("accountSettings.browserOnSystem", { browser, system: t(`accountSettings.systems.${label.system}`) }) : browser;
}
