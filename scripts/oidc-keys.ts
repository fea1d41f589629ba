// `npm run oidc:keys -- rotate`: new signing keys (ES256 and RS256) and cookie key for the OpenID Provider. The old
// ones stop signing at once (every instance picks the change up within 30 seconds) and stay published at
// /oidc/jwks for two hours, past the life of any token they signed; `prune` then deletes them (`rotate` does too).
// `list` shows the keys. Reads DATABASE_URL like the portal.
export {};

process.env.LOG_LEVEL ??= "warn";

async function main() {
  const { rotateKeys, pruneRetiredKeys } = await import("@/lib/server/oidc/keys");
  const { db } = await import("@/lib/server/db/client");
  const [command] = process.argv.slice(2);
  try {
    const now = new Date();
    if (command === "rotate") {
      const pruned = await pruneRetiredKeys({ now });
      const kids = await rotateKeys({ now });
      console.log(`New signing keys: ${kids.join(", ")}. The previous keys stop signing now and stay published for two hours.${pruned ? ` Deleted ${pruned} long-retired key(s).` : ""}`);
      return;
    }
    if (command === "prune") {
      console.log(`Deleted ${await pruneRetiredKeys({ now })} long-retired key(s).`);
      return;
    }
    if (command && command !== "list") throw new Error("usage: npm run oidc:keys [-- list | -- rotate | -- prune]");
    const keys = await db.oidcKey.findMany({ orderBy: { createdAt: "desc" } });
    if (keys.length === 0) console.log("No keys yet: the portal makes them on its first sign-in request.");
    for (const key of keys) {
      console.log(`${key.kid}  ${key.use.padEnd(6)} ${key.alg}  made ${key.createdAt.toISOString()}  ${key.retiredAt ? `retired ${key.retiredAt.toISOString()}` : "current"}`);
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
