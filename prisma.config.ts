import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// Every Prisma CLI command goes through the driver adapter and the WASM schema engine: the native engine
// binaries cannot be downloaded on these machines (see README, "Toolchain").
// DATABASE_URL has no default here: the default lives in lib/server/config/env.ts, which the CLI cannot load, so
// npm scripts (scripts/migrate.ts) pass it. Checked only when a command needs the database: `prisma generate` does not.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: run npm run db:migrate");
    return new PrismaBetterSQLite3({ url });
  },
});
