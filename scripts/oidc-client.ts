// `npm run oidc:client -- add --name "Mi Store" --redirect-uri URL [--redirect-uri URL…] [--public]
//   [--post-logout-redirect-uri URL…] [--jwks-uri URL | --jwks FILE] [--resource-server]`: registers an app that
// may "Sign in with Mi" and prints its client_id (and its secret, this once). `list` shows the apps; `remove ID`
// removes one with every grant and token it holds. Reads DATABASE_URL like the portal.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

process.env.LOG_LEVEL ??= "warn";

const USAGE = `usage:
  npm run oidc:client -- add --name NAME --redirect-uri URL [--redirect-uri URL …] [--public]
                             [--post-logout-redirect-uri URL …] [--jwks-uri URL | --jwks FILE] [--resource-server] [--json]
  npm run oidc:client -- list
  npm run oidc:client -- remove CLIENT_ID`;

async function main() {
  const { addClient, listClients, removeClient, registrationProblem } = await import("@/lib/server/oidc/clients");
  const { db } = await import("@/lib/server/db/client");
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: "string" },
      "redirect-uri": { type: "string", multiple: true },
      "post-logout-redirect-uri": { type: "string", multiple: true },
      public: { type: "boolean" },
      "jwks-uri": { type: "string" },
      jwks: { type: "string" },
      "resource-server": { type: "boolean" },
      json: { type: "boolean" },
    },
  });
  const [command, id] = positionals;
  try {
    if (command === "add") {
      const name = values.name?.trim();
      const redirectUris = values["redirect-uri"] ?? [];
      const postLogoutRedirectUris = values["post-logout-redirect-uri"] ?? [];
      const isPublic = Boolean(values.public);
      if (!name || redirectUris.length === 0) throw new Error(USAGE);
      const request = { name, redirectUris, postLogoutRedirectUris, isPublic, jwksUri: values["jwks-uri"], resourceServer: values["resource-server"] };
      // Checked before the key file is read: a public app named with one is told why, not that the file is missing.
      const problem = registrationProblem({ ...request, jwks: values.jwks });
      if (problem) throw new Error(problem);
      const jwks = values.jwks ? (JSON.parse(readFileSync(values.jwks, "utf8")) as { keys: object[] }) : undefined;
      const client = await addClient({ ...request, jwks });
      if (values.json) {
        console.log(JSON.stringify({ client_id: client.clientId, client_secret: client.clientSecret }));
        return;
      }
      console.log(`client_id:     ${client.clientId}`);
      if (client.clientSecret) console.log(`client_secret: ${client.clientSecret}\n(shown this once: keep it in the app's configuration)`);
      console.log(`auth:          ${client.metadata.token_endpoint_auth_method}, PKCE (S256) required`);
      return;
    }
    if (command === "remove") {
      if (!id) throw new Error(USAGE);
      const removed = await removeClient(id);
      console.log(removed ? `Removed ${id}, with its grants and tokens.` : `No app ${id}.`);
      process.exitCode = removed ? 0 : 1;
      return;
    }
    if (command && command !== "list") throw new Error(USAGE);
    const clients = await listClients();
    if (clients.length === 0) console.log("No apps registered.");
    for (const client of clients) {
      console.log(`${client.clientId}  ${client.name}  ${client.isPublic ? "public" : "confidential"}  ${client.redirectUris.join(" ")}`);
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
