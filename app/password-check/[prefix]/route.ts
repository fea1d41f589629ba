import { commonPasswordSuffixes } from "@/lib/server/validation/common-passwords";
import { isCommonPasswordPrefix } from "@/lib/shared/password-rules";

// The common-password list's buckets for the new-password checklist (lib/shared/password-rules.ts): a 5-digit
// SHA-1 prefix in, the suffixes of the list's entries in that bucket out. No rate limit, on purpose: the answer is
// a map lookup, cheaper than counting the request would be, and the list it reveals is in the source; browsers
// and proxies may keep it a day.
export async function GET(_request: Request, { params }: { params: Promise<{ prefix: string }> }) {
  const prefix = (await params).prefix.toUpperCase();
  if (!isCommonPasswordPrefix(prefix)) return Response.json({ error: "bad-prefix" }, { status: 400 });
  return Response.json({ suffixes: commonPasswordSuffixes(prefix) }, { headers: { "Cache-Control": "public, max-age=86400" } });
}
