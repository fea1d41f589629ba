import { devMailboxEnabled } from "@/lib/server/config/env";
import { findDevMail } from "@/lib/server/courier/dev-mailbox";
import { getTranslations } from "next-intl/server";

export const dynamic = "force-dynamic";

// The email's HTML as a mail client would show it, sandboxed so nothing in it can run on this origin.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const mail = devMailboxEnabled ? await findDevMail((await params).id) : null;
  if (!mail) return new Response((await getTranslations())("devMailbox.notFound"), { status: 404, headers: { "Content-Type": "text/plain" } });
  return new Response(mail.html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation; default-src 'none'; style-src 'unsafe-inline'",
      "Cache-Control": "no-store",
    },
  });
}
