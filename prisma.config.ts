import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { postgresCliAdapter } from "./prisma/postgres-cli-adapter";
import { databaseKind, type DatabaseKind } from "./lib/server/db/url";

// Every Prisma CLI command goes through a driver adapter and the WASM schema engine: the native engine binaries
// cannot be downloaded on these machines (see README, "Toolchain"). DATABASE_URL picks the schema folder, with
// its migrations, and the adapter: prisma/sqlite for a file: URL, prisma/postgres for postgres://.
// DATABASE_URL has no default here: the default lives in lib/server/config/env.ts, which the CLI cannot load, so
// npm scripts (scripts/database.ts) pass it. `prisma generate` needs no database: it is run once per folder
// (`--schema prisma/sqlite`, `--schema prisma/postgres`), which overrides the folder chosen here.
const url = process.env.DATABASE_URL;
const kind: DatabaseKind = (url && databaseKind(url)) || "sqlite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/${kind}`,
  adapter: async () => {
    if (!url) throw new Error("DATABASE_URL is not set: run npm run db:migrate");
    if (kind === "postgres") return postgresCliAdapter(url);
    return new PrismaBetterSQLite3({ url });
  },
});
