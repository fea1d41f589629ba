import { getCurrentAccount } from "@/app/_lib/current-account";
import { exportAccountData } from "@/lib/server/flows/settings/account-data";

export const dynamic = "force-dynamic";

// "Download my data": the signed-in person's own data as a JSON file; nobody else's, ever.
export async function GET() {
  const account = await getCurrentAccount();
  if (!account) return new Response(null, { status: 303, headers: { Location: "/login?next=/account" } });
  const data = await exportAccountData({ accountId: account.id, now: new Date() });
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="mi-account-${account.miId}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
