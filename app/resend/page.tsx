import type { Metadata } from "next";
import { EMAIL_MAX_LENGTH } from "@/lib/shared/email-address";
import { getTranslations } from "next-intl/server";
import { ResendActivationForm } from "./_components/resend-activation-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("resend.title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ResendPage({ searchParams }: Props) {
  const t = await getTranslations();
  const email = (await searchParams).email;
  return (
    <section className="card">
      <h1>{t("resend.title")}</h1>
      <p className="card__sub">{t("resend.intro")}</p>
      <ResendActivationForm email={typeof email === "string" ? email.slice(0, EMAIL_MAX_LENGTH) : ""} />
    </section>
  );
}
