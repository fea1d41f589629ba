import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { requireAccount } from "@/app/_lib/current-account";
import { browserLabel, describeBrowser } from "@/lib/server/identity/browser-label";
import { listPasskeys } from "@/lib/server/methods/passkey/passkeys";
import { toLocale } from "@/lib/shared/i18n/locales";
import { formatLocalTime } from "@/lib/shared/local-time";
import { countryTimeZone } from "@/lib/shared/time-zones";
import { AddPasskeyForm } from "./_components/add-passkey-form";
import { PasskeyList } from "./_components/passkey-list";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("passkeys.title") };
}

// The account's passkeys (lib/server/flows/settings/passkeys.ts): the list, with created and last used, each
// removable after the password; and adding one, which needs JavaScript (the browser's WebAuthn ceremony).
export default async function PasskeysPage() {
  const t = await getTranslations();
  const locale = toLocale(await getLocale());
  const account = await requireAccount({ redirectTo: "/account/passkeys" });
  const zone = countryTimeZone(account.country);
  const date = (at: Date) => formatLocalTime({ at, locale, timeZone: zone });
  const passkeys = (await listPasskeys({ accountId: account.id })).map((passkey) => ({
    id: passkey.id,
    name: passkey.name,
    kind: t(passkey.synced ? "passkeys.synced" : "passkeys.deviceBound"),
    added: t("passkeys.added", { date: date(passkey.createdAt) }),
    lastUsed: passkey.lastUsedAt ? t("passkeys.lastUsed", { date: date(passkey.lastUsedAt) }) : t("passkeys.neverUsed"),
    removeTitle: t("passkeys.removeTitle", { name: passkey.name }),
  }));
  // A name to start from: the browser the passkey is being made in ("Chrome on Android").
  const defaultName = (describeBrowser(browserLabel((await headers()).get("user-agent")), locale) ?? "").slice(0, 50);
  return (
    <section className="card">
      <h1>{t("passkeys.title")}</h1>
      <p className="card__sub">{t("passkeys.intro")}</p>
      <PasskeyList
        passkeys={passkeys}
        words={{ listLabel: t("passkeys.listLabel"), none: t("passkeys.none"), remove: t("passkeys.remove"), removeIntro: t("passkeys.removeIntro"), password: t("passkeys.password") }}
      />
      <AddPasskeyForm
        defaultName={defaultName}
        words={{
          title: t("passkeys.addTitle"),
          intro: t("passkeys.addIntro"),
          name: t("passkeys.name"),
          nameHint: t("passkeys.nameHint"),
          password: t("passkeys.password"),
          add: t("passkeys.add"),
          needsJavaScript: t("passkeys.needsJavaScript"),
          unsupported: t("passkeys.unsupported"),
          cancelled: t("passkeys.cancelled"),
          known: t("passkeys.known"),
        }}
      />
      <p className="muted back-link">
        <Link href="/account#passkeys">{t("passkeys.backToAccount")}</Link>
      </p>
    </section>
  );
}
