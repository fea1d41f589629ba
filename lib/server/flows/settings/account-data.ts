import "server-only";
import { db } from "@/lib/server/db/client";
import { describeBrowser } from "@/lib/server/identity/browser-label";
import { listSessions } from "@/lib/server/identity/sessions";

// "Download my data": everything the portal holds on the person, as one JSON document. Secrets (password hash,
// token hashes) are not the person's data and stay out.
export async function exportAccountData({ accountId, now }: { accountId: string; now: Date }) {
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
  const [sessions, trustedBrowsers, passkeys, activity] = await Promise.all([
    listSessions(accountId, now),
    db.trustedDevice.findMany({ where: { accountId }, select: { createdAt: true, lastUsedAt: true, expiresAt: true } }),
    db.passkey.findMany({ where: { accountId }, orderBy: { createdAt: "asc" }, select: { name: true, createdAt: true, lastUsedAt: true, backedUp: true } }),
    db.auditEvent.findMany({ where: { accountId }, orderBy: [{ at: "desc" }, { id: "desc" }], take: 100, select: { at: true, event: true, outcome: true, ipGroup: true } }),
  ]);
  return {
    exportedAt: now.toISOString(),
    account: {
      miAccountId: account.miId,
      email: account.email,
      phoneNumber: account.phone,
      countryOrRegion: account.country,
      status: account.status,
      createdAt: account.createdAt.toISOString(),
      activatedAt: account.activatedAt?.toISOString() ?? null,
    },
    consents: {
      privacyPolicy: { accepted: true, at: account.createdAt.toISOString() },
      offersAndNews: { subscribed: account.wantsOffers, since: (account.offersChangedAt ?? account.createdAt).toISOString() },
    },
    sessions: sessions.map((s) => ({ browser: describeBrowser(s.browser, "en"), from: s.ipGroup, signedInAt: s.createdAt.toISOString(), lastUsedAt: s.lastSeenAt.toISOString() })),
    trustedBrowsers: trustedBrowsers.map((d) => ({ since: d.createdAt.toISOString(), lastUsedAt: d.lastUsedAt.toISOString(), until: d.expiresAt.toISOString() })),
    // Their names and dates; the public keys are the portal's means of checking them, not the person's data.
    passkeys: passkeys.map((p) => ({ name: p.name, addedAt: p.createdAt.toISOString(), lastUsedAt: p.lastUsedAt?.toISOString() ?? null, synced: p.backedUp })),
    recentActivity: activity.map((a) => ({ at: a.at.toISOString(), event: a.event, outcome: a.outcome, from: a.ipGroup })),
  };
}
