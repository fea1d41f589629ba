import type { Metadata } from "next";
import Link from "next/link";
import { messages } from "@/lib/shared/messages";

export const metadata: Metadata = { title: messages.accountSettings.deletedTitle, robots: { index: false } };

export default function AccountDeletedPage() {
  return (
    <section className="card">
      <h1>{messages.accountSettings.deletedTitle}</h1>
      <p>{messages.accountSettings.deletedBody}</p>
      <Link href="/register" className="button">{messages.nav.register}</Link>
    </section>
  );
}
