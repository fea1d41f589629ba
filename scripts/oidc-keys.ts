// `npm run oidc:keys -- rotate`: new signing keys (ES256 and RS256) and cookie key for the OpenID Provider. They are
// published at once and sign a minute later, when every instance has picked them up (each looks every 30 seconds);
// the old ones sign until then and stay published at /oidc/jwks for two hours more, past the life of any token
// they signed; `prune` then deletes them (`rotate` does too).
// `list` shows the keys. Reads DATABASE_URL like the portal.
export {};

process.env.LOG_LEVEL ??= "warn";

async function main() {
  const { rotateKeys, pruneRetiredKeys, RETIRED_KEY_PUBLISHED_MS } = await import("@/lib/server/oidc/keys");
  const { db } = await import("@/lib/server/db/client");
  const [command] = process.argv.slice(2);
  try {
    const now = new Date();
    if (command === "rotate") {
      const pruned = await pruneRetiredKeys({ now });
      const kids = await rotateKeys({ now });
      console.log(`New signing keys: ${kids.join(", ")}. They are published now and sign from one minute on (when every instance has seen them); the previous keys sign until then and stay published for two hours after.${pruned ? ` Deleted ${pruned} long-retired key(s).` : ""}`);
      return;
    }
    if (command === "prune") {
      console.log(`Deleted ${await pruneRetiredKeys({ now })} long-retired key(s).`);
      return;
    }
    if (command && command !== "list") throw new Error("usage: npm run oidc:keys [-- list | -- rotate | -- prune]");
    const keys = await db.oidcKey.findMany({ where: { use: { in: ["sig", "cookie"] } }, orderBy: { createdAt: "desc" } });
    if (keys.length === 0) console.log("No keys yet: the portal makes them on its first sign-in request.");
    for (const key of keys) {
      const published = key.retiredAt && new Date(key.retiredAt.getTime() + RETIRED_KEY_PUBLISHED_MS).toISOString();
      const state = !key.retiredAt ? "current" : key.retiredAt > now ? `signs until ${key.retiredAt.toISOString()}` : `retired, published until ${published}`;
      console.log(`${key.kid}  ${key.use.padEnd(6)} ${key.alg}  made ${key.createdAt.toISOString()}  ${state}`);
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
